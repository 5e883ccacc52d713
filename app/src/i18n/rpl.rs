//! RPL applications' strings, in Khmer and English, shared by the candidate's, the
//! admin's and the assessor's pages; server-rendered only (apart from `Strings`), so no
//! bundle carries them.

use domain::rpl::application::Stage;
use domain::rpl::assignment::Conflict;
use domain::Locale;

pub struct RplStrings {
    pub my_applications: &'static str,
    pub intro: &'static str,
    pub none: &'static str,
    pub apply: &'static str,
    pub apply_help: &'static str,
    pub nothing_to_apply_for: &'static str,
    pub units: &'static str,
    pub workplace: &'static str,
    pub third_party_name: &'static str,
    pub third_party_phone: &'static str,
    pub third_party_help: &'static str,
    pub send_application: &'static str,
    pub applied: &'static str,
    pub where_it_is: &'static str,
    pub ready: &'static str,
    pub withdraw: &'static str,
    pub accept: &'static str,
    pub applications: &'static str,
    pub no_applications: &'static str,
    pub candidate: &'static str,
    pub assessors: &'static str,
    pub no_assessor: &'static str,
    pub assign: &'static str,
    pub assign_help: &'static str,
    pub assigned: &'static str,
    pub trail: &'static str,
    pub declare_conflict: &'static str,
    pub conflict_note: &'static str,
    pub declared: &'static str,
    pub conflicts_declared: &'static str,
    pub withdraw_conflict: &'static str,
    pub withdrawn: &'static str,
    pub action_conflict_withdrawn: &'static str,
    pub open: &'static str,
    pub assigned_to_me: &'static str,
    pub none_assigned: &'static str,
    pub online_note: &'static str,
    pub action_applied: &'static str,
    pub action_assigned: &'static str,
    pub action_step: &'static str,
    pub action_judged: &'static str,
    pub action_decided: &'static str,
    pub refused_units: &'static str,
    pub refused_too_long: &'static str,
    pub refused_step: &'static str,
    pub refused_conflict: &'static str,
    stages: [&'static str; 7],
    conflicts: [&'static str; 5],
}

const EN: RplStrings = RplStrings {
    my_applications: "Recognition of prior learning",
    intro: "Already do this work? Apply to have it recognised, unit by unit: you say what you can do, show evidence, and an assessor watches you at work.",
    none: "You have not applied yet.",
    apply: "Apply",
    apply_help: "Choose the units you already do at work.",
    nothing_to_apply_for: "No unit can be applied for yet: its assessment package is not published.",
    units: "Units",
    workplace: "Where you work",
    third_party_name: "Your supervisor or employer",
    third_party_phone: "Their phone",
    third_party_help: "The assessor may call them about your work.",
    send_application: "Send the application",
    applied: "Your application was sent.",
    where_it_is: "Where it is",
    ready: "My evidence is ready",
    withdraw: "Withdraw",
    accept: "Accept the application",
    applications: "RPL applications",
    no_applications: "No applications yet.",
    candidate: "Candidate",
    assessors: "Assessors",
    no_assessor: "No assessor yet.",
    assign: "Assign",
    assign_help: "An assessor is never assigned to their own learner, to the supervisor named by the candidate, or where a conflict of interest was declared.",
    assigned: "Assigned.",
    trail: "What happened",
    declare_conflict: "Record a conflict of interest",
    conflict_note: "What ties them (a relative, a colleague, a business)",
    declared: "Recorded: that assessor will not be assigned to this candidate.",
    conflicts_declared: "Conflicts of interest recorded",
    withdraw_conflict: "Take back",
    withdrawn: "Taken back: that assessor may be assigned again.",
    action_conflict_withdrawn: "took back the conflict of interest of",
    open: "Open",
    assigned_to_me: "Applications assigned to me",
    none_assigned: "No application is assigned to you.",
    online_note: "These steps need the network; with it off, this page opens as you last saw it.",
    action_applied: "applied",
    action_assigned: "assigned",
    action_step: "moved the application to",
    action_judged: "recorded findings on",
    action_decided: "signed a decision on",
    refused_units: "Choose at least one unit that has a published package.",
    refused_too_long: "A detail is longer than 200 characters.",
    refused_step: "That step does not apply to the application now.",
    refused_conflict: "This assessor may not assess this candidate:",
    stages: ["Submitted", "Gathering evidence", "Assessment", "Decided", "Gap training", "Appeal", "Closed"],
    conflicts: [
        "not an active assessor of the institute",
        "they are the candidate",
        "they train or trained the candidate",
        "they are the supervisor the candidate named",
        "a conflict of interest was declared",
    ],
};

const KM: RplStrings = RplStrings {
    my_applications: "ការទទួលស្គាល់ការសិក្សាពីមុន",
    intro: "អ្នកធ្វើការងារនេះរួចហើយឬ? ដាក់ពាក្យឱ្យគេទទួលស្គាល់ តាមឯកតានីមួយៗ៖ អ្នកប្រាប់ពីអ្វីដែលអ្នកអាចធ្វើបាន បង្ហាញភស្តុតាង ហើយអ្នកវាយតម្លៃមើលអ្នកធ្វើការ។",
    none: "អ្នកមិនទាន់បានដាក់ពាក្យនៅឡើយទេ។",
    apply: "ដាក់ពាក្យ",
    apply_help: "ជ្រើសឯកតាដែលអ្នកធ្វើរួចហើយនៅកន្លែងធ្វើការ។",
    nothing_to_apply_for: "មិនទាន់មានឯកតាណាអាចដាក់ពាក្យបានទេ៖ កញ្ចប់វាយតម្លៃរបស់វាមិនទាន់បោះពុម្ពផ្សាយ។",
    units: "ឯកតា",
    workplace: "កន្លែងដែលអ្នកធ្វើការ",
    third_party_name: "អ្នកគ្រប់គ្រង ឬនិយោជករបស់អ្នក",
    third_party_phone: "លេខទូរស័ព្ទរបស់គាត់",
    third_party_help: "អ្នកវាយតម្លៃអាចទូរស័ព្ទទៅគាត់ អំពីការងាររបស់អ្នក។",
    send_application: "ផ្ញើពាក្យស្នើសុំ",
    applied: "ពាក្យស្នើសុំរបស់អ្នកត្រូវបានផ្ញើ។",
    where_it_is: "ដល់ណាហើយ",
    ready: "ភស្តុតាងរបស់ខ្ញុំរួចរាល់",
    withdraw: "ដកពាក្យវិញ",
    accept: "ទទួលពាក្យស្នើសុំ",
    applications: "ពាក្យស្នើសុំ RPL",
    no_applications: "មិនទាន់មានពាក្យស្នើសុំ។",
    candidate: "បេក្ខជន",
    assessors: "អ្នកវាយតម្លៃ",
    no_assessor: "មិនទាន់មានអ្នកវាយតម្លៃ។",
    assign: "ចាត់តាំង",
    assign_help: "អ្នកវាយតម្លៃមិនដែលត្រូវបានចាត់តាំងឱ្យវាយតម្លៃសិក្ខាកាមរបស់ខ្លួន អ្នកគ្រប់គ្រងដែលបេក្ខជនបានដាក់ឈ្មោះ ឬកន្លែងដែលមានការប្រកាសពីទំនាស់ផលប្រយោជន៍ទេ។",
    assigned: "បានចាត់តាំង។",
    trail: "អ្វីដែលបានកើតឡើង",
    declare_conflict: "កត់ត្រាទំនាស់ផលប្រយោជន៍",
    conflict_note: "អ្វីដែលភ្ជាប់ពួកគេ (សាច់ញាតិ មិត្តរួមការងារ អាជីវកម្ម)",
    declared: "បានកត់ត្រា៖ អ្នកវាយតម្លៃនោះនឹងមិនត្រូវបានចាត់តាំងឱ្យបេក្ខជននេះទេ។",
    conflicts_declared: "ទំនាស់ផលប្រយោជន៍ដែលបានកត់ត្រា",
    withdraw_conflict: "ដកវិញ",
    withdrawn: "បានដកវិញ៖ អ្នកវាយតម្លៃនោះអាចត្រូវបានចាត់តាំងម្តងទៀត។",
    action_conflict_withdrawn: "បានដកទំនាស់ផលប្រយោជន៍វិញ នៃ",
    open: "បើក",
    assigned_to_me: "ពាក្យស្នើសុំដែលបានចាត់ឱ្យខ្ញុំ",
    none_assigned: "មិនមានពាក្យស្នើសុំណាមួយបានចាត់ឱ្យអ្នកទេ។",
    online_note: "ជំហានទាំងនេះត្រូវការបណ្តាញ។ ពេលគ្មានបណ្តាញ ទំព័រនេះបើកដូចដែលអ្នកបានឃើញចុងក្រោយ។",
    action_applied: "បានដាក់ពាក្យ",
    action_assigned: "បានចាត់តាំង",
    action_step: "បានផ្លាស់ពាក្យស្នើសុំទៅ",
    action_judged: "បានកត់ត្រាការរកឃើញលើ",
    action_decided: "បានចុះហត្ថលេខាលើការសម្រេចនៃ",
    refused_units: "ជ្រើសឯកតាយ៉ាងហោចណាស់មួយ ដែលមានកញ្ចប់បានបោះពុម្ពផ្សាយ។",
    refused_too_long: "ព័ត៌មានមួយវែងជាង ២០០ តួអក្សរ។",
    refused_step: "ជំហាននោះមិនអនុវត្តចំពោះពាក្យស្នើសុំនេះទេឥឡូវនេះ។",
    refused_conflict: "អ្នកវាយតម្លៃនេះមិនអាចវាយតម្លៃបេក្ខជននេះបានទេ៖",
    stages: ["បានដាក់ពាក្យ", "កំពុងប្រមូលភស្តុតាង", "ការវាយតម្លៃ", "បានសម្រេច", "ការបណ្តុះបណ្តាលបំពេញចន្លោះ", "បណ្តឹងតវ៉ា", "បានបិទ"],
    conflicts: [
        "មិនមែនជាអ្នកវាយតម្លៃសកម្មរបស់វិទ្យាស្ថាន",
        "គាត់ជាបេក្ខជនផ្ទាល់",
        "គាត់បង្រៀន ឬធ្លាប់បង្រៀនបេក្ខជន",
        "គាត់ជាអ្នកគ្រប់គ្រងដែលបេក្ខជនបានដាក់ឈ្មោះ",
        "មានការប្រកាសពីទំនាស់ផលប្រយោជន៍",
    ],
};

pub fn strings(locale: Locale) -> &'static RplStrings {
    match locale {
        Locale::Km => &KM,
        Locale::En => &EN,
    }
}

impl RplStrings {
    pub fn stage(&self, stage: Stage) -> &'static str {
        let i = Stage::ALL.iter().position(|s| *s == stage).unwrap_or(0);
        self.stages[i]
    }

    /// A stage by its code (an unknown one shows as the code).
    pub fn stage_code(&self, code: &str) -> String {
        Stage::parse(code).map_or_else(|| code.to_owned(), |s| self.stage(s).to_owned())
    }

    pub fn conflict(&self, conflict: Conflict) -> &'static str {
        let i = Conflict::ALL
            .iter()
            .position(|c| *c == conflict)
            .unwrap_or(0);
        self.conflicts[i]
    }
}
