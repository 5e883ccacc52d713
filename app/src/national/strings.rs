//! The national administrator's strings, in Khmer and English; server-rendered pages
//! only (like `admin::strings`), so no phone's bundle carries them.

use domain::institutes::{InstituteFault, NewInstituteFault};
use domain::Locale;

pub struct NationalStrings {
    pub intro: &'static str,
    pub add_institute: &'static str,
    pub add_institute_intro: &'static str,
    pub institutes: &'static str,
    pub no_institutes: &'static str,
    pub institute: &'static str,
    pub code: &'static str,
    pub code_help: &'static str,
    pub name_km: &'static str,
    pub name_en: &'static str,
    pub names_help: &'static str,
    pub learners: &'static str,
    pub staff: &'static str,
    pub classes: &'static str,
    pub admins: &'static str,
    pub first_admin: &'static str,
    pub first_admin_help: &'static str,
    pub create: &'static str,
    pub back_to_institutes: &'static str,
    pub back_to_institute: &'static str,
    pub its_admins: &'static str,
    pub admins_help: &'static str,
    pub no_admins: &'static str,
    pub offline_note: &'static str,
    /// "{}": a date.
    pub added_on: &'static str,
    /// Before a fault of the first admin's details.
    pub admin_fault: &'static str,
    pub fault_no_code: &'static str,
    pub fault_bad_code: &'static str,
    pub fault_code_taken: &'static str,
    pub fault_no_name: &'static str,
    pub fault_name_too_long: &'static str,
}

const EN: NationalStrings = NationalStrings {
    intro: "Every institute on this server. Add an institute with its first admin: Sala prints their sign-in slip, with which they set their own password and then add their institute's people.",
    add_institute: "Add an institute",
    add_institute_intro: "The institute, and the person who will run it in Sala. Nobody sets their password for them: they set it with the slip printed next.",
    institutes: "Institutes",
    no_institutes: "No institutes yet.",
    institute: "Institute",
    code: "Code",
    code_help: "2–16 capital letters, digits and dashes, such as PTC-SVR; no two institutes share one.",
    name_km: "Name in Khmer",
    name_en: "Name in English",
    names_help: "At least one of the two names.",
    learners: "Learners",
    staff: "Staff",
    classes: "Classes",
    admins: "Admins",
    first_admin: "Its first admin",
    first_admin_help: "A username is made from the English name when none is given.",
    create: "Create the institute and print the slip",
    back_to_institutes: "Back to the institutes",
    back_to_institute: "Back to the institute's page",
    its_admins: "Its admins",
    admins_help: "An admin who lost their slip or their password gets a new slip here. Everyone else at the institute is its admins' to manage.",
    no_admins: "No admin.",
    offline_note: "With the network off, these pages open as they were when last seen; adding an institute or printing a slip needs the network.",
    added_on: "Added {}",
    admin_fault: "First admin: ",
    fault_no_code: "Give the institute a code.",
    fault_bad_code: "A code is 2–16 capital letters, digits or dashes, such as PTC-SVR.",
    fault_code_taken: "Another institute already has this code.",
    fault_no_name: "Give the institute a name in Khmer or in English.",
    fault_name_too_long: "An institute's name is at most 150 characters.",
};

const KM: NationalStrings = NationalStrings {
    intro: "វិទ្យាស្ថានទាំងអស់នៅលើម៉ាស៊ីនមេនេះ។ បន្ថែមវិទ្យាស្ថានមួយជាមួយអ្នកគ្រប់គ្រងដំបូងរបស់វា៖ Sala បោះពុម្ពប័ណ្ណចូលប្រើរបស់គាត់ ដែលគាត់ប្រើដើម្បីកំណត់ពាក្យសម្ងាត់ផ្ទាល់ខ្លួន ហើយបន្ទាប់មកបន្ថែមមនុស្សនៃវិទ្យាស្ថានរបស់គាត់។",
    add_institute: "បន្ថែមវិទ្យាស្ថាន",
    add_institute_intro: "វិទ្យាស្ថាន និងអ្នកដែលនឹងគ្រប់គ្រងវានៅក្នុង Sala។ គ្មាននរណាកំណត់ពាក្យសម្ងាត់ជំនួសគាត់ទេ៖ គាត់កំណត់វាដោយប័ណ្ណដែលបោះពុម្ពបន្ទាប់។",
    institutes: "វិទ្យាស្ថាន",
    no_institutes: "មិនទាន់មានវិទ្យាស្ថានទេ។",
    institute: "វិទ្យាស្ថាន",
    code: "កូដ",
    code_help: "អក្សរធំ លេខ និងសញ្ញាដាច់ ២–១៦ តួ ដូចជា PTC-SVR។ គ្មានវិទ្យាស្ថានពីរណាមានកូដដូចគ្នាទេ។",
    name_km: "ឈ្មោះជាភាសាខ្មែរ",
    name_en: "ឈ្មោះជាភាសាអង់គ្លេស",
    names_help: "យ៉ាងហោចណាស់ឈ្មោះមួយក្នុងចំណោមឈ្មោះទាំងពីរ។",
    learners: "អ្នករៀន",
    staff: "បុគ្គលិក",
    classes: "ថ្នាក់",
    admins: "អ្នកគ្រប់គ្រង",
    first_admin: "អ្នកគ្រប់គ្រងដំបូងរបស់វា",
    first_admin_help: "បើគ្មានឈ្មោះអ្នកប្រើទេ ឈ្មោះអ្នកប្រើនឹងត្រូវបង្កើតពីឈ្មោះជាភាសាអង់គ្លេស។",
    create: "បង្កើតវិទ្យាស្ថាន និងបោះពុម្ពប័ណ្ណ",
    back_to_institutes: "ត្រឡប់ទៅបញ្ជីវិទ្យាស្ថាន",
    back_to_institute: "ត្រឡប់ទៅទំព័រវិទ្យាស្ថាន",
    its_admins: "អ្នកគ្រប់គ្រងរបស់វា",
    admins_help: "អ្នកគ្រប់គ្រងដែលបាត់ប័ណ្ណ ឬភ្លេចពាក្យសម្ងាត់ ទទួលបានប័ណ្ណថ្មីនៅទីនេះ។ មនុស្សផ្សេងទៀតនៃវិទ្យាស្ថាន គឺជាការងាររបស់អ្នកគ្រប់គ្រងវិទ្យាស្ថាននោះ។",
    no_admins: "គ្មានអ្នកគ្រប់គ្រងទេ។",
    offline_note: "ពេលគ្មានបណ្តាញ ទំព័រទាំងនេះបើកដូចពេលឃើញចុងក្រោយ។ ការបន្ថែមវិទ្យាស្ថាន ឬការបោះពុម្ពប័ណ្ណ ត្រូវការបណ្តាញ។",
    added_on: "បានបន្ថែម {}",
    admin_fault: "អ្នកគ្រប់គ្រងដំបូង៖ ",
    fault_no_code: "សូមផ្តល់កូដឱ្យវិទ្យាស្ថាន។",
    fault_bad_code: "កូដមួយមានអក្សរធំ លេខ ឬសញ្ញាដាច់ ២–១៦ តួ ដូចជា PTC-SVR។",
    fault_code_taken: "វិទ្យាស្ថានមួយទៀតមានកូដនេះរួចហើយ។",
    fault_no_name: "សូមដាក់ឈ្មោះវិទ្យាស្ថានជាភាសាខ្មែរ ឬជាភាសាអង់គ្លេស។",
    fault_name_too_long: "ឈ្មោះវិទ្យាស្ថានមានយ៉ាងច្រើន ១៥០ តួអក្សរ។",
};

pub fn strings(locale: Locale) -> &'static NationalStrings {
    match locale {
        Locale::Km => &KM,
        Locale::En => &EN,
    }
}

impl NationalStrings {
    /// A fault in the form's words (a fault of the first admin's details, as the
    /// people pages say it, after "First admin: ").
    pub fn fault(&self, fault: NewInstituteFault, locale: Locale) -> String {
        match fault {
            NewInstituteFault::Institute(f) => match f {
                InstituteFault::NoCode => self.fault_no_code,
                InstituteFault::BadCode => self.fault_bad_code,
                InstituteFault::CodeTaken => self.fault_code_taken,
                InstituteFault::NoName => self.fault_no_name,
                InstituteFault::NameTooLong => self.fault_name_too_long,
            }
            .to_owned(),
            NewInstituteFault::Admin(f) => format!(
                "{}{}",
                self.admin_fault,
                crate::admin::strings::strings(locale).fault(f)
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_fault_has_words_in_both_languages() {
        for locale in [Locale::Km, Locale::En] {
            let s = strings(locale);
            for f in InstituteFault::ALL {
                assert!(!s.fault(NewInstituteFault::Institute(f), locale).is_empty());
            }
        }
        assert_ne!(
            strings(Locale::Km).fault_code_taken,
            strings(Locale::En).fault_code_taken
        );
    }
}
