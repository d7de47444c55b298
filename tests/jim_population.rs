//! The preview at population size: the bundled configuration over a generated population of
//! 10,000 people, with every count worked out by hand from the generator's cases.

#[path = "common/jim_population.rs"]
mod jim_population;

use std::collections::BTreeMap;

use syncplan::{jim, Document};

#[test]
fn ten_thousand_people_are_previewed_with_the_counts_worked_out_by_hand() {
    let root = env!("CARGO_MANIFEST_DIR");
    let config = std::fs::read_to_string(format!("{root}/examples/jim/config.json")).unwrap();
    let state = jim_population::state(10_000);
    let report = jim::preview(
        &Document::new("config.json", &config),
        &Document::new("state.json", &state),
    );
    let preview = report.preview.expect("a preview");
    let counts: BTreeMap<&str, usize> = preview
        .counts
        .iter()
        .map(|(k, v)| (k.as_str(), *v))
        .collect();
    // Per 10,000 people (1,000 in each `i % 10` case):
    // Projected: the 1,000 new hires (case 0).
    // Joined: HR in cases 1-9 less the 500 terminated (8,500, of which case 8's 1,000 by
    // matching) and all 6,000 Directory users (case 6's 1,000 by matching).
    // DisconnectedOutOfScope: the 500 terminated (i % 20 == 3).
    // AttributeFlow: 1,000 projections, 500 new departments, 1,000 new first names.
    // MvoDeleted: the 500 terminated (HR is the authoritative source).
    // Provisioned: cases 0, 7, 8, 9 have no Directory user (4,000).
    // PendingExportCreated: the 500 new departments reach their Directory users.
    // DriftCorrection: case 5's 1,000 drifted display names.
    // DeprovisionQueued: 500 terminated plus 200 Contractors (i % 50 == 4) leave export scope.
    assert_eq!(
        counts,
        BTreeMap::from([
            ("AttributeFlow", 2_500),
            ("DeprovisionQueued", 700),
            ("DisconnectedOutOfScope", 500),
            ("DriftCorrection", 1_000),
            ("Joined", 14_500),
            ("MvoDeleted", 500),
            ("PendingExportCreated", 500),
            ("Projected", 1_000),
            ("Provisioned", 4_000),
        ])
    );
    // 500 metaverse deletions and 700 Delete exports (the export rule deprovisions by Delete).
    assert_eq!(preview.deletions, 1_200);
    assert_eq!(preview.objects, 16_000 + 9_000);
    // The state reads cleanly: the one finding is the configuration's own negated criterion.
    let rules: Vec<&str> = report.diagnostics.iter().map(|d| d.rule).collect();
    assert_eq!(rules, ["jim-negated-criterion"]);
}
