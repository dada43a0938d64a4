//! The descriptions of the open data: `data/datapackage.json` (a Frictionless
//! Data Package: each CSV file with its Table Schema: the columns' types, the
//! statuses they may hold, the keys between the files) and
//! `data/indicators.schema.json` (the JSON Schema of `indicators.json`).

use serde::Serialize;

use crate::base::routes;
use crate::base::text::{self, LangText};

use super::schema::{self, Column, Kind};
use super::{Of, all_files, en};

/// The JSON Schema of `indicators.json`, as published beside it.
pub const JSON_SCHEMA: &str = include_str!("indicators.schema.json");

/// The words of the package: each column's meaning in Japanese and English,
/// from the interface words (`col_<name>`).
pub trait Words {
    fn column(&self, name: &str) -> (String, String);
}

#[derive(Serialize)]
struct Package<'a> {
    profile: &'static str,
    name: String,
    title: String,
    description: String,
    licenses: [Licence<'a>; 1],
    sources: [Source; 1],
    resources: Vec<Resource>,
}

#[derive(Serialize)]
struct Licence<'a> {
    path: &'a str,
    title: String,
}

#[derive(Serialize)]
struct Source {
    title: String,
}

#[derive(Serialize)]
struct Resource {
    name: String,
    path: String,
    profile: &'static str,
    format: &'static str,
    mediatype: &'static str,
    encoding: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    dialect: Option<Dialect>,
    #[serde(skip_serializing_if = "Option::is_none")]
    schema: Option<TableSchema>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Dialect {
    line_terminator: &'static str,
    header: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TableSchema {
    fields: Vec<Field>,
    missing_values: [&'static str; 1],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    primary_key: Vec<&'static str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    foreign_keys: Vec<ForeignKey>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Field {
    name: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
    title: String,
    description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    true_values: Option<[&'static str; 1]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    false_values: Option<[&'static str; 1]>,
    #[serde(skip_serializing_if = "Constraints::is_empty")]
    constraints: Constraints,
}

#[derive(Serialize, Default)]
struct Constraints {
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    required: bool,
    #[serde(rename = "enum", skip_serializing_if = "Option::is_none")]
    one_of: Option<&'static [&'static str]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pattern: Option<String>,
}

impl Constraints {
    fn is_empty(&self) -> bool {
        !self.required && self.one_of.is_none() && self.pattern.is_none()
    }
}

#[derive(Serialize)]
struct ForeignKey {
    fields: Vec<&'static str>,
    reference: Reference,
}

#[derive(Serialize)]
struct Reference {
    resource: &'static str,
    fields: Vec<&'static str>,
}

/// A resource's name: its file's name without `.csv`.
fn resource_name(path: &str) -> &str {
    path.trim_start_matches("data/").trim_end_matches(".csv")
}

/// The keys of a file: the columns that name a row, and those that name a
/// row of another file.
fn keys(path: &str) -> (Vec<&'static str>, Vec<ForeignKey>) {
    let indicator = || ForeignKey {
        fields: vec!["initiative_id", "indicator_id"],
        reference: Reference {
            resource: "indicators",
            fields: vec!["initiative_id", "indicator_id"],
        },
    };
    match path {
        routes::DATA_CSV => (
            vec!["initiative_id", "indicator_id", "fiscal_year"],
            Vec::new(),
        ),
        routes::DATA_HEADLINE_CSV => (vec!["indicator_id", "fiscal_year"], Vec::new()),
        routes::DATA_BENCHMARKS_CSV | routes::DATA_REVISIONS_CSV => (Vec::new(), vec![indicator()]),
        routes::DATA_STATUSES_CSV => (vec!["initiative_id", "fiscal_year"], Vec::new()),
        routes::DATA_STATUS_COUNTS_CSV => (vec!["fiscal_year", "scale", "levels"], Vec::new()),
        _ => (Vec::new(), Vec::new()),
    }
}

/// One column as a Table Schema field.
fn field(c: &Column, headline: bool, words: &dyn Words) -> Field {
    let (title, description) = words.column(c.name);
    let (kind, one_of, pattern) = match c.kind {
        Kind::Text => ("string", None, None),
        Kind::Integer => ("integer", None, None),
        Kind::Number => ("number", None, None),
        Kind::Flag | Kind::Boolean => ("boolean", None, None),
        Kind::Date => ("date", None, None),
        Kind::PlanDate => (
            "string",
            None,
            Some("^[0-9]{4}-[0-9]{2}(-[0-9]{2})?$".to_string()),
        ),
        Kind::OneOf(keys) => ("string", Some(keys), None),
        Kind::States => {
            let one = schema::STATE_KEYS.join("|");
            ("string", None, Some(format!("^({one})(;({one}))*$")))
        }
    };
    let flag = matches!(c.kind, Kind::Flag);
    Field {
        name: c.name,
        kind,
        title,
        description,
        true_values: flag.then_some(["1"]),
        false_values: flag.then_some(["0"]),
        constraints: Constraints {
            // A headline target is of no initiative: those columns are empty.
            required: c.required && !(headline && schema::INITIATIVE_COLUMNS.contains(&c.name)),
            one_of,
            pattern,
        },
    }
}

/// `data/datapackage.json` of the plan.
pub(super) fn datapackage(of: Of, words: &dyn Words) -> Result<Vec<u8>, serde_json::Error> {
    let plan = of.plan();
    let site = &plan.site;
    let plain = |t: &LangText| text::strip_ruby(&t.ja).into_owned();
    let both = |t: &LangText| format!("{} / {}", text::strip_ruby(&t.ja), text::strip_ruby(en(t)));
    let mut resources: Vec<Resource> = all_files(plan)
        .into_iter()
        .map(|(path, columns)| {
            let (primary_key, foreign_keys) = keys(path);
            let headline = path == routes::DATA_HEADLINE_CSV;
            Resource {
                name: resource_name(path).replace('_', "-"),
                path: path.trim_start_matches("data/").to_string(),
                profile: "tabular-data-resource",
                format: "csv",
                mediatype: "text/csv",
                encoding: "utf-8",
                dialect: Some(Dialect {
                    line_terminator: "\r\n",
                    header: true,
                }),
                schema: Some(TableSchema {
                    fields: columns.iter().map(|c| field(c, headline, words)).collect(),
                    missing_values: [""],
                    primary_key,
                    foreign_keys,
                }),
            }
        })
        .collect();
    resources.push(Resource {
        name: "indicators-json".to_string(),
        path: routes::DATA_JSON.trim_start_matches("data/").to_string(),
        profile: "data-resource",
        format: "json",
        mediatype: "application/json",
        encoding: "utf-8",
        dialect: None,
        schema: None,
    });
    let package = Package {
        profile: "data-package",
        name: format!("mieruka-{}", of.plan_id.to_ascii_lowercase()),
        title: plain(&site.plan_name),
        description: both(&site.plan_name),
        licenses: [Licence {
            path: &site.licence_url,
            title: both(&site.licence),
        }],
        sources: [Source {
            title: both(&site.owner),
        }],
        resources,
    };
    let mut bytes = serde_json::to_vec_pretty(&package)?;
    bytes.push(b'\n');
    Ok(bytes)
}
