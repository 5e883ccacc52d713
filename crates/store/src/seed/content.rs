//! Demo teaching content: a CQF level 2 electrical-installation programme with six
//! lessons in Khmer and English. Lesson bodies are Markdown.

pub struct Lesson {
    pub title: (&'static str, &'static str),
    pub body_km: &'static str,
    pub body_en: &'static str,
    pub checks: &'static [Check],
}

/// A knowledge-check item. Options are given as (Khmer, English); for `ordering` they
/// are listed in the correct order.
pub struct Check {
    pub kind: &'static str,
    pub prompt: (&'static str, &'static str),
    pub options: &'static [(&'static str, &'static str)],
    pub answer: &'static [u8],
}

pub const HAZARDS: Lesson = Lesson {
    title: ("គ្រោះថ្នាក់អគ្គិសនីនៅកន្លែងធ្វើការ", "Electrical hazards at work"),
    body_km: "\
## ហេតុអ្វីអគ្គិសនីមានគ្រោះថ្នាក់

![សញ្ញាព្រមាន៖ តង់ស្យុងខ្ពស់](/media/danger-sign.svg \"320x240\")

ចរន្តអគ្គិសនីត្រឹមតែ ៣០ មីលីអំពែរ ដែលឆ្លងកាត់បេះដូង អាចធ្វើឱ្យស្លាប់បាន។ \
ភ្លើងក្នុងផ្ទះនៅកម្ពុជាមានតង់ស្យុង ២២០ វ៉ុល ដែលខ្លាំងគ្រប់គ្រាន់ដើម្បីសម្លាប់មនុស្ស។

## គ្រោះថ្នាក់ដែលត្រូវរកមើល មុនចាប់ផ្តើមការងារ

- ខ្សែភ្លើងដែលរបកស្រោម ឬខូច
- ទឹក ឬដីសើម នៅជិតឧបករណ៍អគ្គិសនី
- ព្រីភ្លើងដែលដោតលើសចំណុះ
- ឧបករណ៍ដែលគ្មានខ្សែដី
- តំបន់ធ្វើការដែលគ្មានពន្លឺគ្រប់គ្រាន់

## ត្រូវធ្វើអ្វី នៅពេលឃើញគ្រោះថ្នាក់

កុំប៉ះ។ ដាក់សញ្ញាព្រមាន ហើយរាយការណ៍ទៅអ្នកគ្រប់គ្រងភ្លាមៗ តាមនីតិវិធីនៃកន្លែងធ្វើការ។ \
សរសេរអ្វីដែលអ្នកបានឃើញ កន្លែង និងពេលវេលា។",
    body_en: "\
## Why electricity is dangerous

![Warning sign: high voltage](/media/danger-sign.svg \"320x240\")

A current of only 30 milliamperes through the heart can kill. \
Household supply in Cambodia is 220 volts, which is more than enough to kill a person.

## Hazards to look for before work starts

- Cables with damaged or missing insulation
- Water or wet ground near electrical equipment
- Overloaded socket outlets
- Equipment without an earth connection
- Work areas without enough light

## What to do when you find a hazard

Do not touch it. Put up a warning sign and report it to your supervisor at once, \
following the workplace procedure. Write down what you saw, where, and when.",
    checks: &[
        Check {
            kind: "multiple_choice",
            prompt: (
                "តើចរន្តប៉ុន្មាន ដែលឆ្លងកាត់បេះដូង អាចធ្វើឱ្យស្លាប់បាន?",
                "How much current through the heart can kill?",
            ),
            options: &[
                ("៣ មីលីអំពែរ", "3 mA"),
                ("៣០ មីលីអំពែរ", "30 mA"),
                ("៣០ អំពែរ", "30 A"),
            ],
            answer: &[1],
        },
        Check {
            kind: "true_false",
            prompt: (
                "បើឃើញខ្សែភ្លើងរបកស្រោម អ្នកគួរជួសជុលវាភ្លាមៗ ដោយមិនចាំបាច់រាយការណ៍។",
                "If you find a damaged cable, you should repair it at once without reporting it.",
            ),
            options: &[("ត្រូវ", "True"), ("ខុស", "False")],
            answer: &[1],
        },
    ],
};

pub const ISOLATION: Lesson = Lesson {
    title: (
        "ការផ្តាច់ចរន្តដោយសុវត្ថិភាព៖ ចាក់សោ និងបិទស្លាក",
        "Safe isolation: lock out, tag out",
    ),
    body_km: "\
## គោលការណ៍

កុំធ្វើការលើសៀគ្វីដែលមានចរន្ត។ មុនពេលប៉ះខ្សែណាមួយ ត្រូវផ្តាច់ចរន្ត ហើយបញ្ជាក់ថាគ្មានតង់ស្យុង។

## ជំហានទាំងប្រាំមួយ

1. កំណត់សៀគ្វីដែលត្រូវធ្វើការ
2. បិទឌីស្ហុងទ័រ ឬកុងតាក់មេ
3. ចាក់សោ ហើយបិទស្លាកដែលមានឈ្មោះរបស់អ្នក
4. តេស្តឧបករណ៍វាស់តង់ស្យុង លើប្រភពដែលដឹងថាមានចរន្ត
5. បញ្ជាក់ថាគ្មានតង់ស្យុង លើសៀគ្វីដែលត្រូវធ្វើការ
6. តេស្តឧបករណ៍វាស់ម្តងទៀត ដើម្បីប្រាកដថាវានៅដំណើរការ

មានតែអ្នកដែលបានចាក់សោប៉ុណ្ណោះ ទើបអាចដោះសោបាន។",
    body_en: "\
## The principle

Never work on a live circuit. Before you touch any conductor, isolate the supply and \
prove that it is dead.

## The six steps

1. Identify the circuit you will work on
2. Switch off the circuit breaker or main switch
3. Lock it off and attach a tag with your name
4. Test your voltage tester on a known live source
5. Prove there is no voltage on the circuit you will work on
6. Test the voltage tester again to be sure it still works

Only the person who put the lock on may remove it.",
    checks: &[
        Check {
            kind: "ordering",
            prompt: (
                "រៀបជំហាននៃការផ្តាច់ចរន្តតាមលំដាប់ត្រឹមត្រូវ។",
                "Put the isolation steps in the right order.",
            ),
            options: &[
                ("បិទឌីស្ហុងទ័រ", "Switch off the breaker"),
                ("ចាក់សោ និងបិទស្លាក", "Lock off and tag"),
                (
                    "តេស្តឧបករណ៍វាស់លើប្រភពមានចរន្ត",
                    "Test the tester on a live source",
                ),
                ("បញ្ជាក់ថាគ្មានតង់ស្យុង", "Prove there is no voltage"),
            ],
            answer: &[0, 1, 2, 3],
        },
        Check {
            kind: "multiple_choice",
            prompt: ("តើនរណាអាចដោះសោចេញបាន?", "Who may remove the lock?"),
            options: &[
                ("អ្នកគ្រប់គ្រង", "The supervisor"),
                ("អ្នកដែលបានចាក់សោ", "The person who put it on"),
                ("អ្នកណាក៏បាន", "Anyone"),
            ],
            answer: &[1],
        },
    ],
};

pub const PPE: Lesson = Lesson {
    title: ("ឧបករណ៍ការពារខ្លួន", "Personal protective equipment"),
    body_km: "\
## ឧបករណ៍ការពារខ្លួនសម្រាប់ជាងអគ្គិសនី

- ស្រោមដៃអ៊ីសូឡង់ ដែលត្រូវនឹងតង់ស្យុង
- វ៉ែនតាការពារភ្នែក ពេលខួង ឬកាត់
- ស្បែកជើងសុវត្ថិភាព ដែលមានបាតអ៊ីសូឡង់
- មួកសុវត្ថិភាព នៅការដ្ឋានសំណង់

## ពិនិត្យមុនប្រើ

ពិនិត្យស្រោមដៃរកប្រហោង ឬស្នាមប្រេះ រាល់ពេលមុនប្រើ។ ឧបករណ៍ដែលខូច ត្រូវដាក់ចេញ ហើយរាយការណ៍។",
    body_en: "\
## Protective equipment for electrical workers

- Insulating gloves rated for the voltage
- Safety glasses when drilling or cutting
- Safety shoes with insulating soles
- A hard hat on construction sites

## Check before use

Inspect gloves for holes or cracks every time before you use them. Damaged equipment \
is taken out of use and reported.",
    checks: &[
        Check {
            kind: "true_false",
            prompt: (
                "ស្រោមដៃអ៊ីសូឡង់ ត្រូវពិនិត្យរាល់ពេលមុនប្រើ។",
                "Insulating gloves are inspected every time before use.",
            ),
            options: &[("ត្រូវ", "True"), ("ខុស", "False")],
            answer: &[0],
        },
        Check {
            kind: "multiple_choice",
            prompt: (
                "ពេលណាត្រូវពាក់វ៉ែនតាការពារ?",
                "When do you wear safety glasses?",
            ),
            options: &[
                ("ពេលខួង ឬកាត់", "When drilling or cutting"),
                ("តែពេលយប់", "Only at night"),
                ("មិនដែល", "Never"),
            ],
            answer: &[0],
        },
    ],
};

pub const CABLES: Lesson = Lesson {
    title: ("ខ្សែភ្លើង និងបន្ទុកសៀគ្វី", "Cables and circuit loads"),
    body_km: "\
## គណនាចរន្ត

ចរន្ត (អំពែរ) = អានុភាព (វ៉ាត់) ÷ តង់ស្យុង (វ៉ុល)។ \
ឧទាហរណ៍ ម៉ាស៊ីនកម្តៅទឹក ២២០០ វ៉ាត់ នៅ ២២០ វ៉ុល ប្រើចរន្ត ១០ អំពែរ។

## ជ្រើសរើសទំហំខ្សែ

| សៀគ្វី | ទំហំខ្សែ (ស្ពាន់) | ឌីស្ហុងទ័រ |
|---|---|---|
| អំពូលភ្លើង | ១.៥ ម.ម² | ១០ A |
| ព្រីភ្លើង | ២.៥ ម.ម² | ១៦–២០ A |
| ម៉ាស៊ីនត្រជាក់ | ៤ ម.ម² | ២៥ A |

ខ្សែតូចពេក នឹងឡើងកម្តៅ ហើយអាចបង្កអគ្គិភ័យ។",
    body_en: "\
## Work out the current

Current (amperes) = power (watts) ÷ voltage (volts). \
For example, a 2,200 W water heater on 220 V draws 10 A.

## Choose the cable size

| Circuit | Cable size (copper) | Breaker |
|---|---|---|
| Lighting | 1.5 mm² | 10 A |
| Socket outlets | 2.5 mm² | 16–20 A |
| Air conditioner | 4 mm² | 25 A |

A cable that is too small heats up and can start a fire.",
    checks: &[
        Check {
            kind: "multiple_choice",
            prompt: (
                "ម៉ាស៊ីន ១១០០ វ៉ាត់ នៅ ២២០ វ៉ុល ប្រើចរន្តប៉ុន្មាន?",
                "A 1,100 W appliance on 220 V draws how much current?",
            ),
            options: &[("២ A", "2 A"), ("៥ A", "5 A"), ("១០ A", "10 A")],
            answer: &[1],
        },
        Check {
            kind: "true_false",
            prompt: (
                "ខ្សែតូចពេក អាចឡើងកម្តៅ ហើយបង្កអគ្គិភ័យ។",
                "A cable that is too small can overheat and start a fire.",
            ),
            options: &[("ត្រូវ", "True"), ("ខុស", "False")],
            answer: &[0],
        },
    ],
};

pub const ACCESSORIES: Lesson = Lesson {
    title: ("កុងតាក់ និងព្រីភ្លើង", "Switches and socket outlets"),
    body_km: "\
## កុងតាក់

កុងតាក់ ត្រូវកាត់ខ្សែភ្លើង (ខ្សែ L) ជានិច្ច មិនមែនខ្សែណឺត (N) ទេ។ \
បើកាត់ខ្សែ N អំពូលនៅតែមានតង់ស្យុង ទោះបីបិទកុងតាក់ក៏ដោយ។

## ព្រីភ្លើង

- ខ្សែ L (ត្នោត) ទៅរន្ធខាងស្តាំ
- ខ្សែ N (ខៀវ) ទៅរន្ធខាងឆ្វេង
- ខ្សែដី (បៃតង-លឿង) ទៅរន្ធកណ្តាល

តឹងវីសឱ្យល្មម ហើយកុំឱ្យមានស្ពាន់លេចចេញក្រៅស្ថានីយ។",
    body_en: "\
## Switches

A switch always breaks the line conductor (L), never the neutral (N). \
If it breaks the neutral, the lamp holder stays live even with the switch off.

## Socket outlets

- Line (brown) to the right-hand terminal
- Neutral (blue) to the left-hand terminal
- Earth (green-yellow) to the centre terminal

Tighten the screws firmly, and leave no bare copper outside the terminals.",
    checks: &[
        Check {
            kind: "multiple_choice",
            prompt: (
                "កុងតាក់ត្រូវកាត់ខ្សែមួយណា?",
                "Which conductor does a switch break?",
            ),
            options: &[
                ("ខ្សែភ្លើង (L)", "Line (L)"),
                ("ខ្សែណឺត (N)", "Neutral (N)"),
                ("ខ្សែដី", "Earth"),
            ],
            answer: &[0],
        },
        Check {
            kind: "multiple_choice",
            prompt: ("ខ្សែដីមានពណ៌អ្វី?", "What colour is the earth conductor?"),
            options: &[
                ("ខៀវ", "Blue"),
                ("ត្នោត", "Brown"),
                ("បៃតង-លឿង", "Green-yellow"),
            ],
            answer: &[2],
        },
    ],
};

pub const TESTING: Lesson = Lesson {
    title: ("ខ្សែដី ឧបករណ៍ RCD និងការតេស្ត", "Earthing, RCDs and testing"),
    body_km: "\
## ខ្សែដី និង RCD

ខ្សែដី នាំចរន្តលេចធ្លាយទៅដី ហើយ RCD ផ្តាច់ចរន្តក្នុងរយៈពេលតិចជាង ៤០ មិល្លីវិនាទី \
នៅពេលចរន្តលេចធ្លាយលើស ៣០ មីលីអំពែរ។ RCD ជួយសង្គ្រោះជីវិត។

## តេស្តមុនភ្ជាប់ចរន្ត

1. តេស្តភាពជាប់នៃខ្សែដី
2. តេស្តរេស៊ីស្តង់អ៊ីសូឡង់ (យ៉ាងហោចណាស់ ១ មេហ្គាអូម នៅ ៥០០ វ៉ុល)
3. ពិនិត្យប៉ូលារីតេ
4. ចុចប៊ូតុងតេស្តរបស់ RCD

កត់ត្រាលទ្ធផលទាំងអស់ ក្នុងទម្រង់តេស្ត។",
    body_en: "\
## Earthing and RCDs

The earth conductor carries leakage current to ground, and an RCD disconnects the \
supply in less than 40 milliseconds when leakage exceeds 30 milliamperes. RCDs save lives.

## Test before you energise

1. Test continuity of the earth conductors
2. Test insulation resistance (at least 1 megohm at 500 V)
3. Check polarity
4. Press the RCD's test button

Record every result on the test sheet.",
    checks: &[
        Check {
            kind: "ordering",
            prompt: ("រៀបការតេស្តតាមលំដាប់។", "Put the tests in order."),
            options: &[
                ("ភាពជាប់នៃខ្សែដី", "Earth continuity"),
                ("រេស៊ីស្តង់អ៊ីសូឡង់", "Insulation resistance"),
                ("ប៉ូលារីតេ", "Polarity"),
                ("ប៊ូតុងតេស្ត RCD", "RCD test button"),
            ],
            answer: &[0, 1, 2, 3],
        },
        Check {
            kind: "true_false",
            prompt: (
                "RCD ផ្តាច់ចរន្ត នៅពេលចរន្តលេចធ្លាយលើស ៣០ មីលីអំពែរ។",
                "An RCD disconnects when leakage exceeds 30 mA.",
            ),
            options: &[("ត្រូវ", "True"), ("ខុស", "False")],
            answer: &[0],
        },
    ],
};

/// 25 learners of the demo class (the first is the `learner` sign-in): Khmer, Latin.
pub const LEARNERS: [(&str, &str); 40] = [
    ("សុខ ចាន់ណា", "Sok Channa"),
    ("ចាន់ ដារ៉ា", "Chan Dara"),
    ("ហេង សុភា", "Heng Sophea"),
    ("លី វណ្ណា", "Ly Vanna"),
    ("ម៉ៅ សុខា", "Mao Sokha"),
    ("គឹម ស្រីនាង", "Kim Sreyneang"),
    ("ញឹម ពិសិដ្ឋ", "Nhem Piseth"),
    ("សេង រតនា", "Seng Rotana"),
    ("ហ៊ុន បញ្ញា", "Hun Panha"),
    ("ឈិន សុវណ្ណារី", "Chhin Sovannary"),
    ("ព្រំ វិចិត្រ", "Prum Vichet"),
    ("អ៊ុក សុធារី", "Ouk Sothary"),
    ("ទេព មករា", "Tep Makara"),
    ("ស៊ុន ស្រីពៅ", "Sun Sreypov"),
    ("យិន សំណាង", "Yin Samnang"),
    ("ខៀវ ធីតា", "Khiev Thida"),
    ("វង្ស សុភ័ក្ត្រ", "Vong Sopheak"),
    ("ពេជ្រ ម៉ានិត", "Pich Manit"),
    ("នួន សុខលី", "Nuon Sokly"),
    ("រស់ ចិន្តា", "Ros Chenda"),
    ("ឡុង វិសាល", "Long Visal"),
    ("ប៊ុន ស្រីមុំ", "Bun Sreymom"),
    ("ជា រិទ្ធី", "Chea Rithy"),
    ("ផាន់ សុគន្ធា", "Phan Sokunthea"),
    ("សំ បូរ៉ា", "Sam Bora"),
    ("កែវ សុផល", "Keo Sophal"),
    ("ម៉េង ស្រីល័ក្ខ", "Meng Sreyleak"),
    ("ទូច សារ៉ុន", "Touch Saron"),
    ("អ៊ាង ចន្ថា", "Eang Chantha"),
    ("ស៊ាន ពិសី", "Sean Pisey"),
    ("ហួត វិបុល", "Huot Vibol"),
    ("ឈួន លីដា", "Chhuon Lida"),
    ("ប្រាក់ សុភ័ណ្ឌ", "Prak Sophorn"),
    ("ឯក សុខុម", "Ek Sokhom"),
    ("សួន ស្រីនិច", "Suon Sreynich"),
    ("ធី រស្មី", "Thy Reaksmey"),
    ("ម៉ន សុវណ្ណ", "Mon Sovann"),
    ("អៀម ដាលីន", "Eam Dalin"),
    ("ពៅ សម្បត្តិ", "Pov Sambath"),
    ("ចេង ម៉ូលីកា", "Cheng Molika"),
];
