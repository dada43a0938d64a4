//! The open data of every site, valid against its own descriptions by the
//! tools CI uses for them: frictionless (each CSV against its Table Schema
//! in datapackage.json) and check-jsonschema (indicators.json against
//! indicators.schema.json).

use crate::common::{Workspace, snapshot};
use crate::test;
use crate::tools::{Test, venv_or_path};

pub const TESTS: &[Test] = &[test!(
    the_data_package_and_the_json_schema_validate_for_every_site,
    [DataValidators]
)];

/// The content folders whose built data CI validates: the repository's,
/// every example's and the two-plan fixture's.
fn every_site() -> Vec<String> {
    let mut sites = vec!["content".to_string(), "tests/fixtures/plans".to_string()];
    let examples = crate::common::repo().join("examples");
    let mut found: Vec<String> = std::fs::read_dir(&examples)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("site.toml").is_file())
        .map(|p| format!("examples/{}", p.file_name().unwrap().to_string_lossy()))
        .collect();
    found.sort();
    sites.extend(found);
    sites
}

/// The open data of the repository, of every example and of a site of two
/// plans is valid against its own description: `frictionless validate`
/// checks every CSV against its Table Schema in `datapackage.json` (types,
/// statuses, keys between the files), and `check-jsonschema` checks
/// `indicators.json` against `indicators.schema.json`. A status that is not
/// one of the statuses is reported, so the check can fail. Without the tools
/// (scripts/install-test-tools installs them) the test shows as ignored
/// with the reason; under `CI=true` it fails.
fn the_data_package_and_the_json_schema_validate_for_every_site() {
    let tool = |name| venv_or_path(name).expect("the tool is there");
    let (frictionless, jsonschema) = (tool("frictionless"), tool("check-jsonschema"));
    let run = |tool: &std::path::Path, args: &[&str], dir: &std::path::Path| {
        let out = std::process::Command::new(tool)
            .args(args)
            .current_dir(dir)
            .output()
            .unwrap();
        let said = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        (out.status.success(), said)
    };
    for site in every_site() {
        let ws = Workspace::new(&site);
        let built = ws.build(&[]);
        assert_eq!(built.code, 0, "{site}: {}", built.stderr);
        let packages: Vec<std::path::PathBuf> = snapshot(&ws.output())
            .into_keys()
            .filter(|rel| rel.ends_with("datapackage.json"))
            .map(|rel| ws.output().join(rel).parent().unwrap().to_path_buf())
            .collect();
        assert!(!packages.is_empty(), "{site} has a data package");
        for data in packages {
            let (ok, said) = run(&frictionless, &["validate", "datapackage.json"], &data);
            assert!(ok, "{site} {}: {said}", data.display());
            let args = ["--schemafile", "indicators.schema.json", "indicators.json"];
            let (ok, said) = run(&jsonschema, &args, &data);
            assert!(ok, "{site} {}: {said}", data.display());
        }
    }
    // A status the data package does not know is found.
    let ws = Workspace::new("content");
    let built = ws.build(&["--strict"]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    let data = ws.output().join("data");
    let csv = std::fs::read_to_string(data.join("indicators.csv")).unwrap();
    std::fs::write(
        data.join("indicators.csv"),
        csv.replacen(",not_achieved,", ",not_done,", 1),
    )
    .unwrap();
    let (ok, said) = run(&frictionless, &["validate", "datapackage.json"], &data);
    assert!(!ok && said.contains("not_done"), "{said}");
}
