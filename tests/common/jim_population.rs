//! A deterministic population for the bundled JIM configuration (`examples/jim/config.json`),
//! shared by the population test and `make bench`: per person an HR employee, for six in ten a
//! Directory user, and for nine in ten a metaverse person, i.e. 1.6 connected-system objects
//! and 0.9 metaverse objects per person.
//!
//! Person `i` falls in a case by `i % 10` (and `i % 20`, `i % 50` within it), so the outcomes
//! can be counted by hand:
//!
//! | `i % 10` | HR employee | Directory user | metaverse person |
//! |---|---|---|---|
//! | 0 | new hire, unjoined (projects) | none | none |
//! | 1, 2 | joined, in step | joined, in step | in step |
//! | 3 | joined; `i % 20 == 3` terminated, else a new department | joined, in step | in step |
//! | 4 | joined; `i % 50 == 4` in Contractors | joined, in step | in step |
//! | 5 | joined, in step | joined, displayName drifted | in step |
//! | 6 | joined, in step | unjoined (matches by employeeID) | in step |
//! | 7 | joined, in step | none (provisioned) | in step |
//! | 8 | unjoined (matches by employeeId) | none (provisioned) | in step |
//! | 9 | joined, first name changed | none (provisioned) | old first name |

use std::fmt::Write;

const FIRST: [&str; 8] = [
    "Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "John",
];
const LAST: [&str; 8] = [
    "Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen", "Backus",
];
const DEPARTMENTS: [&str; 4] = ["Engineering", "Research", "Sales", "Finance"];

struct Person {
    employee_id: String,
    first: &'static str,
    last: &'static str,
    department: &'static str,
    email: String,
}

impl Person {
    fn new(i: usize) -> Person {
        let first = FIRST[i % 8];
        let last = LAST[(i / 8) % 8];
        Person {
            employee_id: format!("E{i:07}"),
            first,
            last,
            department: if i % 50 == 4 {
                "Contractors"
            } else {
                DEPARTMENTS[(i / 10) % 4]
            },
            email: format!(
                "{}.{}.{i}@example.com",
                first.to_lowercase(),
                last.to_lowercase()
            ),
        }
    }

    fn display_name(&self, first: &str) -> String {
        format!("{first} {}", self.last)
    }

    fn account_name(&self, first: &str) -> String {
        format!("{}{}", &first[..1], self.last).to_lowercase()
    }
}

/// The state document for `people` people, as JSON text.
pub fn state(people: usize) -> String {
    let mut hr = String::new();
    let mut dir = String::new();
    let mut mv = String::new();
    for i in 0..people {
        let p = Person::new(i);
        let case = i % 10;
        let joined = || match case {
            0 | 8 => String::new(),
            _ => format!(r#", "metaverseObjectId": "mv-{i:07}""#),
        };
        let status = if i % 20 == 3 { "Terminated" } else { "Active" };
        let hr_department = if case == 3 && i % 20 == 13 {
            "Operations"
        } else {
            p.department
        };
        let hr_first = if case == 9 { "Margaret" } else { p.first };
        let _ = writeln!(
            hr,
            r#"    {{ "id": "hr-{i:07}", "connectedSystemName": "HR", "objectTypeName": "employee"{}, "attributes": {{ "employeeId": "{}", "firstName": "{hr_first}", "lastName": "{}", "status": "{status}", "department": "{hr_department}", "email": "{}" }} }},"#,
            joined(),
            p.employee_id,
            p.last,
            p.email
        );
        if (1..=6).contains(&case) {
            let display = if case == 5 {
                format!("{} {}.", p.first, &p.last[..1])
            } else {
                p.display_name(p.first)
            };
            let dir_joined = if case == 6 { String::new() } else { joined() };
            let _ = writeln!(
                dir,
                r#"    {{ "id": "dir-{i:07}", "connectedSystemName": "Directory", "objectTypeName": "user"{dir_joined}, "attributes": {{ "employeeID": "{}", "sAMAccountName": "{}", "displayName": "{display}", "mail": "{}", "department": "{}", "userAccountControl": 512 }} }},"#,
                p.employee_id,
                p.account_name(p.first),
                p.email,
                p.department
            );
        }
        if case != 0 {
            let _ = writeln!(
                mv,
                r#"    {{ "id": "mv-{i:07}", "objectTypeName": "person", "attributes": {{ "employeeId": "{}", "displayName": "{}", "email": "{}", "department": "{}", "accountName": "{}" }} }},"#,
                p.employee_id,
                p.display_name(p.first),
                p.email,
                p.department,
                p.account_name(p.first)
            );
        }
    }
    let cs = format!("{hr}{dir}");
    format!(
        "{{\n  \"now\": \"2026-11-22T00:00:00Z\",\n  \"connectedSystemObjects\": [\n{}\n  ],\n  \"metaverseObjects\": [\n{}\n  ]\n}}\n",
        cs.trim_end().trim_end_matches(','),
        mv.trim_end().trim_end_matches(',')
    )
}
