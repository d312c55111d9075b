"""Every typed card in the built-in decks, with answers a student would really type.

Each card has at least two realistic right answers and one realistic wrong one (often the
classic slip), checked with the deck's own [synonyms] table, as the app does. A new typed
card without a row here fails ``test_every_typed_card_has_a_row``.
"""

from __future__ import annotations

import pytest

from trainer.grading import check_typed
from trainer.store.deck_files import BUILTIN_DECK_DIR, load_decks

# "deck:card": ([right answers], [wrong answers])
TYPED_ANSWERS: dict[str, tuple[list[str], list[str]]] = {
    # --- dermatomes -------------------------------------------------------------------
    "dermatomes:l1-area-typed": (["groin", "the groin crease", "Groin"], ["inguinal ligament", "upper anterior thigh"]),
    "dermatomes:l1-groin-typed": (["L1", "l1 root", "first lumbar"], ["T12", "L2", "T12/L1"]),
    "dermatomes:l2-area-typed": (
        ["mid-anterior thigh", "middle of the anterior thigh", "anteromedial thigh"],
        ["anterior thigh", "front of the thigh", "lower anterior thigh"],
    ),
    "dermatomes:l2-mid-thigh-typed": (["L2", "L 2", "second lumbar nerve root"], ["L3", "L1/L2"]),
    "dermatomes:l3-key-point-typed": (
        ["medial femoral condyle", "Medial condyle of the femur", "the medial femoral condyle"],
        ["medial malleolus", "patella"],
    ),
    "dermatomes:l3-above-knee-typed": (["L3", "the L3 dermatome", "third lumbar"], ["L4", "L3/L4"]),
    "dermatomes:patella-l3-l4": (["L3/L4", "L3 and L4", "L4, L3", "L3-4"], ["L3", "L4", "L4/L5"]),
    "dermatomes:l4-key-point-typed": (
        ["medial malleolus", "inner ankle bone", "the medial malleolus"],
        ["lateral malleolus", "medial heel"],
    ),
    "dermatomes:l4-medial-shin-typed": (["L4", "l4 nerve root", "fourth lumbar"], ["L5", "L4/L5"]),
    "dermatomes:l5-key-point-typed": (
        ["3rd MTP joint", "third metatarsophalangeal joint", "3rd"],
        ["1st MTP joint", "2nd"],
    ),
    "dermatomes:l5-lateral-leg-typed": (["L5", "L5 root", "fifth lumbar"], ["S1", "L4"]),
    "dermatomes:s1-key-point-typed": (
        ["lateral heel", "lateral calcaneus", "the lateral aspect of the calcaneus"],
        ["medial heel", "little toe"],
    ),
    "dermatomes:s1-lateral-border-typed": (["S1", "s 1", "first sacral"], ["L5", "S2"]),
    "dermatomes:s2-key-point-typed": (
        ["popliteal fossa", "behind the knee", "back of the knee"],
        ["posterior thigh", "ischial tuberosity"],
    ),
    "dermatomes:s2-back-of-thigh-typed": (["S2", "S2 root", "second sacral"], ["S1", "S3"]),
    "dermatomes:s45-perianal-typed": (["S4-5", "S4/5", "S4 and S5", "S4-S5"], ["S3", "S2-S4"]),
    "dermatomes:vignette-lateral-foot-ankle-jerk": (["S1", "the S1 root", "first sacral"], ["L5", "L5/S1"]),
    "dermatomes:vignette-toe-walking": (["S1", "S1 nerve root", "first sacral"], ["L5", "S2"]),
    "dermatomes:vignette-mid-thigh-hip-flexion": (["L2", "second lumbar", "L2 root"], ["L3", "L1"]),
    "dermatomes:reflex-l4": (
        ["knee jerk", "patellar reflex", "knee-jerk reflex", "quadriceps jerk", "the knee reflex"],
        ["ankle jerk", "Achilles reflex"],
    ),
    "dermatomes:key-muscle-l5": (
        ["long toe extensors", "extensor hallucis longus", "EHL", "great toe extension"],
        ["ankle dorsiflexors", "tibialis anterior"],
    ),
    "dermatomes:disc-l5-s1": (["S1", "the S1 root", "first sacral"], ["L5", "L5/S1"]),
    "dermatomes:inversion-separates-l5-peroneal": (
        ["inversion", "ankle inversion", "tibialis posterior"],
        ["eversion", "dorsiflexion"],
    ),
    "dermatomes:saphenous-l4-overlap": (["saphenous", "the saphenous nerve", "Saphenous nerve"], ["sural", "femoral"]),
    "dermatomes:trunk-halfway-xiphisternum-umbilicus": (["T8", "eighth thoracic", "T8 dermatome"], ["T7", "T9", "T10"]),
    "dermatomes:triad-c8": (["none", "no reflex", "none reliable"], ["triceps", "finger jerk"]),
    "dermatomes:exam-light-touch-tool": (
        ["cotton wool", "a cotton-tipped swab", "fingertip", "wisp of cotton wool"],
        ["neurotip", "safety pin"],
    ),
    "dermatomes:exam-28-dermatomes": (["28", "twenty-eight", "twenty eight"], ["30", "24"]),
    "dermatomes:saddle-s2-s5": (["S2-S5", "S2 to S5", "S2, S3, S4 and S5"], ["S3-S5", "S4-5"]),
    "dermatomes:genital-posterior-typed": (["S2-S3", "S2 and S3", "S2-S4"], ["L1", "L1-L2"]),
    "dermatomes:trunk-third-intercostal-to-root": (["T3", "third thoracic", "the T3 dermatome"], ["T2", "T4"]),
    "dermatomes:trunk-quarter-to-root-typed": (["T7", "seventh thoracic", "T7 root"], ["T8", "T6"]),
    "dermatomes:trunk-three-quarters-to-root-typed": (["T9", "ninth thoracic", "t 9"], ["T8", "T10"]),
    "dermatomes:trunk-inguinal-midpoint-to-root": (["T12", "twelfth thoracic", "T12 level"], ["L1", "T11", "T12/L1"]),
    # --- landmarks --------------------------------------------------------------------
    "landmarks:supraclavicular-fossa-c3": (["C3", "third cervical", "C3 root"], ["C4", "C2"]),
    "landmarks:lateral-upper-arm-c5": (["C5", "fifth cervical", "c5 dermatome"], ["C6", "C4"]),
    "landmarks:thumb-c6": (["C6", "sixth cervical", "C6 root"], ["C7", "C5"]),
    "landmarks:little-finger-c8": (["C8", "eighth cervical", "C8 nerve root"], ["T1", "C7"]),
    "landmarks:third-intercostal-t3": (["T3", "third thoracic", "T3 root"], ["T2", "T4"]),
    "landmarks:xiphisternum-t6": (["T6", "sixth thoracic", "T6 dermatome"], ["T8", "T7", "T5"]),
    "landmarks:umbilicus-t10-typed": (["T10", "tenth thoracic", "T10 dermatome"], ["T11", "T9", "L1"]),
    "landmarks:inguinal-ligament-t12-l1": (["T12/L1", "T12", "L1", "L1 and T12"], ["L2", "T11", "T12/L2"]),
    "landmarks:mid-anterior-thigh-l2": (["L2", "second lumbar", "L2 root"], ["L3", "L1"]),
    "landmarks:medial-malleolus-l4": (["L4", "fourth lumbar", "L4 nerve root"], ["L5", "L4/L5", "S1"]),
    "landmarks:lateral-calf-l5": (["L5", "fifth lumbar", "L5 dermatome"], ["S1", "L4"]),
    "landmarks:lateral-heel-s1": (["S1", "first sacral", "S1 root"], ["L5", "S2"]),
    "landmarks:sole-s1": (["S1", "first sacral", "S1 root"], ["L5", "L4"]),
    "landmarks:ischial-tuberosity-s3": (["S3", "third sacral", "S3 dermatome"], ["S2", "S4-5"]),
    "landmarks:c3-landmark": (
        ["supraclavicular fossa", "the supraclavicular fossa", "above the clavicle"],
        ["AC joint", "clavicle"],
    ),
    "landmarks:t2-landmark": (["axilla", "the axilla", "armpit"], ["nipple", "clavicle"]),
    "landmarks:c6-landmark": (["thumb", "the thumb", "Thumb"], ["index finger", "middle finger"]),
    "landmarks:t4-landmark": (
        ["nipple", "nipple level", "nipple line", "the nipples"],
        ["xiphisternum", "sternal angle"],
    ),
    "landmarks:t10-landmark": (
        ["umbilicus", "navel", "belly button", "the umbilicus level"],
        ["xiphisternum", "pubic symphysis"],
    ),
    "landmarks:l3-landmark": (
        ["medial femoral condyle", "medial condyle of the femur", "the medial femoral condyle"],
        ["patella", "medial malleolus"],
    ),
    "landmarks:s2-landmark": (
        ["popliteal fossa", "back of the knee", "midpoint of the popliteal fossa"],
        ["posterior thigh", "lateral heel"],
    ),
    "landmarks:trunk-vertical-line": (
        ["midclavicular line", "mid-clavicular line", "MCL"],
        ["anterior axillary line", "midline"],
    ),
    # --- red flags --------------------------------------------------------------------
    "red-flags:ces-bilateral-sciatica": (
        ["cauda equina syndrome", "CES", "cauda equina"],
        ["spinal stenosis", "disc herniation"],
    ),
    "red-flags:ces-mri-hours": (["4", "4 hours", "four hours", "within 4 hours"], ["24", "24 hours", "1 hour"]),
    "red-flags:ces-14-days": (["14", "14 days", "two weeks", "a fortnight"], ["7 days", "28 days", "6 weeks"]),
    "red-flags:no-early-imaging": (["6", "6 weeks", "six weeks"], ["4 weeks", "12 weeks"]),
    "red-flags:mscc-name": (
        ["metastatic spinal cord compression", "MSCC", "cord compression"],
        ["cauda equina syndrome", "spinal metastasis"],
    ),
    "red-flags:failure-to-improve": (["1 month", "one month", "4 weeks", "a month"], ["6 weeks", "1 week", "3 months"]),
    "red-flags:infection-ivdu": (
        ["spinal infection", "discitis", "epidural abscess", "infection"],
        ["fracture", "cancer"],
    ),
    "red-flags:lay-both-legs": (["emergency", "A&E", "999", "same day"], ["urgent", "routine"]),
    "red-flags:aortic-dissection-typed": (
        ["aortic dissection", "dissection of the aorta", "thoracic aortic dissection"],
        ["pulmonary embolism", "myocardial infarction"],
    ),
    "red-flags:vignette-bilateral-toilet-paper": (
        ["emergency", "same day", "A&E", "emergency MRI"],
        ["urgent", "routine"],
    ),
    "red-flags:vignette-foot-drop-sciatica": (
        ["urgent", "Urgent referral", "urgent specialist opinion"],
        ["emergency", "routine"],
    ),
    "red-flags:vignette-routine-sciatica": (["routine", "routine care", "not urgent"], ["urgent", "emergency"]),
    # --- peripheral nerves ------------------------------------------------------------
    "peripheral-nerves:pn-lfcn-name": (
        ["meralgia paraesthetica", "meralgia paresthetica", "lateral femoral cutaneous nerve entrapment"],
        ["L3 radiculopathy", "femoral neuropathy"],
    ),
    "peripheral-nerves:pn-femoral-roots": (["L2-L4", "L2, L3 and L4", "L2 to L4"], ["L3-L4", "L2-L3", "L4-S1"]),
    "peripheral-nerves:pn-deep-fibular-web": (
        ["deep fibular nerve", "deep peroneal nerve", "deep peroneal"],
        ["superficial fibular nerve", "common fibular nerve", "sural nerve"],
    ),
    "peripheral-nerves:pn-sciatic-roots": (["L4-S3", "L4-S2", "L4, L5, S1, S2 and S3"], ["L5-S1", "L2-L4"]),
    # --- clinical examination ---------------------------------------------------------
    "clinical-exam:ex-femoral-stretch-typed": (
        ["femoral nerve stretch test", "femoral stretch test", "prone knee bend", "reverse straight leg raise"],
        ["straight leg raise", "slump test"],
    ),
    "clinical-exam:ex-anal-wink-typed": (["S2-S4", "S2, S3 and S4", "S4-5"], ["S1-S2", "L5-S1"]),
    "clinical-exam:ex-bcr-segments": (["S2-S4", "S2 to S4", "S2, S3, S4"], ["S1-S2", "L1-L2"]),
    "clinical-exam:ex-cremasteric-typed": (["L1-L2", "L1 and L2", "L1/L2"], ["S2-S4", "L2-L4"]),
    "clinical-exam:ex-adductor-nerve": (
        ["obturator", "obturator nerve", "the obturator nerve"],
        ["femoral", "sciatic"],
    ),
    "clinical-exam:ex-medial-hamstring-root": (["L5", "fifth lumbar", "L5 root"], ["S1", "L4"]),
    "clinical-exam:ex-ces-stage-vignette": (
        ["CES-I", "CES I", "incomplete cauda equina syndrome", "incomplete"],
        ["CES-R", "CES-S"],
    ),
}


@pytest.fixture(scope="module")
def typed_cards():
    library = load_decks([BUILTIN_DECK_DIR])
    return {
        f"{deck.id}:{card.id}": (card, deck.synonyms)
        for deck in library.decks
        for card in deck.cards
        if card.type == "typed"
    }


def test_every_typed_card_has_a_row(typed_cards):
    assert sorted(set(typed_cards) - set(TYPED_ANSWERS)) == []
    assert sorted(set(TYPED_ANSWERS) - set(typed_cards)) == []


@pytest.mark.parametrize("key", sorted(TYPED_ANSWERS))
def test_realistic_answers_are_marked_as_a_teacher_would(key, typed_cards):
    right, wrong = TYPED_ANSWERS[key]
    assert len(right) >= 2 and len(wrong) >= 1
    card, synonyms = typed_cards[key]
    rejected = [answer for answer in right if not check_typed(card, answer, synonyms).correct]
    accepted = [answer for answer in wrong if check_typed(card, answer, synonyms).correct]
    assert rejected == [], f"{key}: right answers marked wrong"
    assert accepted == [], f"{key}: wrong answers marked right"
