"""The one table of dermatome facts that the built-in decks are checked against.

Plain data, transcribed from /work/shared/clinical-content.md (sections 1-4, 7 and the
disagreement table D1-D19). ``tests/test_deck_content.py`` looks these phrases up in card
text: a card whose answer is a root must not mention an area, landmark, movement or reflex
that belongs to a different root. A phrase listed under several roots is one the sources
share or disagree on (for example the inguinal ligament, T12 or L1), so any of those roots
passes. Phrases are matched as whole words, ignoring case, punctuation, "the", "a", "an",
"line", "level" and a plural "s".
"""

# Every dermatome the ISNCSCI examination tests, top to bottom (S4-5 is one level).
ROOTS = (
    "C2", "C3", "C4", "C5", "C6", "C7", "C8",
    "T1", "T2", "T3", "T4", "T5", "T6", "T7", "T8", "T9", "T10", "T11", "T12",
    "L1", "L2", "L3", "L4", "L5",
    "S1", "S2", "S3", "S4-5",
)

# The roots of the lower limb and saddle, the core of the trainer.
LOWER_LIMB_ROOTS = ("L1", "L2", "L3", "L4", "L5", "S1", "S2", "S3", "S4-5")

# The baseline lower-limb table the trainer is built around (reference section 1).
LOWER_LIMB_TABLE = {
    "L1": "groin and upper medial thigh",
    "L2": "mid-anterior thigh",
    "L3": "lower anterior thigh and just above the knee (medial femoral condyle)",
    "L4": "medial lower leg and medial malleolus",
    "L5": "lateral lower leg and dorsum of the foot",
    "S1": "lateral foot, heel and sole",
    "S2": "posterior thigh and calf (popliteal fossa key point)",
}

# ISNCSCI key sensory points (ASIA/ISCoS sheet, June 2008; reference section 2).
KEY_SENSORY_POINTS = {
    "C2": "at least 1 cm lateral to the occipital protuberance (or 3 cm behind the ear)",
    "C3": "supraclavicular fossa at the midclavicular line",
    "C4": "over the acromioclavicular joint",
    "C5": "lateral side of the antecubital fossa, just proximal to the elbow",
    "C6": "dorsal surface of the proximal phalanx of the thumb",
    "C7": "dorsal surface of the proximal phalanx of the middle finger",
    "C8": "dorsal surface of the proximal phalanx of the little finger",
    "T1": "medial side of the antecubital fossa, just proximal to the medial epicondyle",
    "T2": "apex of the axilla",
    "T3": "3rd intercostal space, midclavicular line",
    "T4": "4th intercostal space at the nipple line, midclavicular line",
    "T5": "5th intercostal space, halfway between the nipple and the xiphisternum",
    "T6": "level of the xiphisternum, midclavicular line",
    "T7": "one quarter of the way from the xiphisternum to the umbilicus",
    "T8": "halfway between the xiphisternum and the umbilicus",
    "T9": "three quarters of the way from the xiphisternum to the umbilicus",
    "T10": "level of the umbilicus, midclavicular line",
    "T11": "halfway between the umbilicus and the inguinal ligament",
    "T12": "midpoint of the inguinal ligament",
    "L1": "upper anterior thigh, just below the inguinal ligament (halfway between the T12 and L2 points)",
    "L2": "anterior-medial thigh, halfway between the inguinal ligament and the medial femoral condyle",
    "L3": "medial femoral condyle, above the knee",
    "L4": "medial malleolus",
    "L5": "dorsum of the foot at the 3rd metatarsophalangeal joint",
    "S1": "lateral aspect of the calcaneus (lateral heel)",
    "S2": "midpoint of the popliteal fossa",
    "S3": "ischial tuberosity or infragluteal fold",
    "S4-5": "perianal skin, less than 1 cm lateral to the mucocutaneous junction",
}

# Skin areas and landmarks that cards may name, by root. A phrase under several roots
# is shared or disputed (see the D-numbers of the reference's section 8).
AREA_PHRASES = {
    "C2": ("occipital protuberance", "back of the head", "behind the ear", "occiput"),
    "C3": ("supraclavicular fossa", "supraclavicular", "clavicle"),  # clavicle: D13
    "C4": ("acromioclavicular joint", "acromioclavicular", "AC joint", "tip of the shoulder",
           "top of the shoulder", "clavicle"),
    "C5": ("lateral antecubital fossa", "lateral side of the antecubital fossa",
           "radial side of the antecubital fossa", "lateral elbow", "lateral upper arm",
           "deltoid", "over the deltoid"),
    "C6": ("thumb", "lateral forearm", "radial forearm", "index finger", "first web space",
           "first web space of the hand", "dorsal first web space"),
    "C7": ("middle finger", "index finger", "ring finger", "posterior forearm",
           "back of the forearm"),  # index and ring fingers: D12
    "C8": ("little finger", "ring finger", "medial forearm", "ulnar border of the hand",
           "ulnar forearm", "hypothenar"),
    "T1": ("medial antecubital fossa", "medial side of the antecubital fossa",
           "ulnar side of the antecubital fossa", "medial epicondyle", "medial elbow",
           "medial arm", "medial forearm"),
    "T2": ("axilla", "apex of the axilla", "armpit"),
    "T3": ("3rd intercostal space", "third intercostal space"),
    "T4": ("nipple", "4th intercostal space", "fourth intercostal space"),  # T5 variant: D4 (C only)
    "T5": ("5th intercostal space", "fifth intercostal space",
           "halfway between the nipple and the xiphisternum"),
    "T6": ("xiphisternum", "xiphoid", "xiphoid process"),  # T7/T8 in older maps: D3
    "T7": ("one quarter of the way from the xiphisternum to the umbilicus",),
    "T8": ("halfway between the xiphisternum and the umbilicus",),
    "T9": ("three quarters of the way from the xiphisternum to the umbilicus",),
    "T10": ("umbilicus", "navel", "belly button"),
    "T11": ("halfway between the umbilicus and the inguinal ligament",),
    "T12": ("midpoint of the inguinal ligament", "inguinal ligament"),  # D2: T12 or L1
    "L1": ("groin", "upper medial thigh", "inguinal region", "inguinal ligament",
           "just below the inguinal ligament", "upper anterior thigh", "anterior thigh"),
    "L2": ("mid-anterior thigh", "middle of the anterior thigh", "anterior-medial thigh",
           "anteromedial thigh", "upper anterior thigh", "anterior thigh",
           "midpoint of a line from the midpoint of the inguinal ligament to the medial femoral condyle",
           "halfway between the inguinal ligament and the medial femoral condyle"),
    "L3": ("lower anterior thigh", "medial femoral condyle", "just above the knee",
           "above the knee", "medial knee", "anterior knee", "patella", "kneecap",
           "anterior thigh"),  # patella / anterior knee: L3 or L4, D5
    "L4": ("medial lower leg", "medial leg", "medial calf", "medial shin", "inner shin",
           "medial side of the lower leg", "medial malleolus", "inner ankle",
           "inner ankle bone", "anterior knee", "patella", "kneecap"),
    "L5": ("lateral lower leg", "lateral leg", "lateral calf", "lateral shin", "outer shin",
           "posterolateral calf", "dorsum of the foot", "top of the foot",
           "dorsal foot", "3rd metatarsophalangeal joint", "third metatarsophalangeal joint",
           "3rd MTP joint", "third MTP joint", "3rd MTP", "great toe", "big toe", "hallux",
           "first web space", "1st web space", "first web space of the foot"),  # great toe: D6
    "S1": ("lateral foot", "lateral border of the foot", "lateral edge of the foot",
           "outer edge of the foot", "outer border of the foot", "little toe", "fifth toe",
           "heel", "lateral heel", "outer heel", "calcaneus", "lateral calcaneus",
           "lateral aspect of the calcaneus", "sole", "sole of the foot", "calf",
           "posterior calf", "back of the calf", "posterolateral calf"),  # sole: D7
    "S2": ("posterior thigh", "back of the thigh", "popliteal fossa", "behind the knee",
           "back of the knee", "calf", "posterior calf", "back of the calf", "saddle"),  # calf: D1
    "S3": ("ischial tuberosity", "infragluteal fold", "gluteal fold", "saddle"),
    "S4-5": ("perianal", "perianal skin", "mucocutaneous junction", "around the anus",
             "back passage", "saddle"),
}

# Key muscles (ISNCSCI), radiculopathy weakness and reflexes, by root (sections 3 and 7).
MOTOR_REFLEX_PHRASES = {
    "C5": ("elbow flexors", "elbow flexion", "biceps", "biceps reflex", "brachioradialis",
           "shoulder abduction"),
    "C6": ("elbow flexors", "elbow flexion", "wrist extensors", "wrist extension", "biceps",
           "biceps reflex", "brachioradialis", "supinator reflex", "supination", "triceps"),
    "C7": ("elbow extensors", "elbow extension", "triceps", "wrist flexion",
           "finger extension"),
    "C8": ("finger flexors", "finger flexion", "flexor digitorum profundus", "triceps",
           "hand intrinsics"),
    "T1": ("finger abductors", "finger abduction", "abductor digiti minimi", "interossei",
           "hand intrinsics"),
    "L2": ("hip flexors", "hip flexion", "iliopsoas", "hip adduction"),
    "L3": ("knee extensors", "knee extension", "quadriceps", "knee jerk", "knee reflex",
           "patellar reflex", "hip adduction"),
    "L4": ("knee extension", "quadriceps", "knee jerk", "knee reflex", "patellar reflex",
           "ankle dorsiflexors", "ankle dorsiflexion", "dorsiflexion", "tibialis anterior",
           "hip adduction", "foot drop", "heel walking", "walking on heels", "walk on heels",
           "inversion", "tibialis posterior", "hip abduction"),
    "L5": ("long toe extensors", "extensor hallucis longus", "great toe extension",
           "big toe extension", "ankle dorsiflexion", "dorsiflexion", "tibialis anterior",
           "foot drop", "heel walking", "walking on heels", "walk on heels", "hip abduction",
           "gluteus medius", "inversion", "tibialis posterior", "hip extension", "toe flexion"),
    "S1": ("ankle plantar flexors", "plantar flexion", "plantarflexion", "plantar flexors",
           "gastrocnemius", "soleus", "walking on toes", "walk on toes", "toe walking", "tiptoe",
           "ankle jerk", "ankle reflex", "achilles", "achilles reflex", "hip extension",
           "gluteus maximus", "toe flexion", "toe flexors", "hip abduction"),
}

# Movements the sources assign to different roots (D9: eversion, L5 or S1): a card whose
# answer is a single root must not rest on them.
NO_SINGLE_ROOT_PHRASES = ("eversion", "evertors", "peroneus longus", "peroneus brevis", "peronei")

# Sources graded C in the reference (section 9): cited only beside a stronger source.
GRADE_C_SOURCES = (
    "fpnotebook", "Neuroland", "Paraplegie", "Epomedicine", "Medicowesome", "mednemo",
    "Picmonic", "brainscape", "quizlet", "quia", "jcphysiotherapy", "neetpgai", "stethoprep",
    "MRCSbank", "seekhealthz", "ptmasterguide", "BristolSpine", "Iguana", "droracle",
    "gpreasoning", "cliniborg", "physiorev", "mediwikis", "passmyclinical", "umedic", "orris",
    "Anki", "Grant's 1962", "assignguru", "memorize.com", "cram", "threadreader",
)
