"""Story classes (issue 12): what a situation asks to do, against what each sibling's name does."""

import numpy as np

from knowledge_base.story import STORY_FEATURES, asked, name_classes, story_features
from knowledge_base.text import fold


def test_a_story_selects_the_action_without_the_names_words():
    assert "reissue" in asked(fold("tôi làm mất giấy phép lái tàu, giờ phải làm sao"))
    assert "extend" in asked(fold("giay phep cua cong ty sap het han"))
    assert "stop" in asked(fold("hộ tôi không kinh doanh nữa, muốn đóng cửa quán"))
    assert "first" in asked(fold("xưởng mới thành lập, chưa có giấy chứng nhận"))


def test_a_name_without_an_action_is_the_first_issue():
    assert name_classes(fold("Cấp giấy phép khai thác thủy sản")) == {"first"}
    assert name_classes(fold("Cấp lại giấy phép khai thác thủy sản")) == {"reissue"}
    assert "extend" in name_classes(fold("Gia hạn giấy phép khai thác thủy sản"))


def test_the_story_features_favour_the_sibling_the_story_describes():
    names = [
        name_classes(fold(n))
        for n in (
            "Cấp giấy phép khai thác thủy sản",
            "Cấp lại giấy phép khai thác thủy sản",
            "Gia hạn giấy phép khai thác thủy sản",
        )
    ]
    features = story_features(asked(fold("tàu tôi bị mất giấy phép khai thác")), names, pool=[0, 1, 2])
    assert features.shape == (3, len(STORY_FEATURES))
    match, unasked, missing = features.T
    assert match[1] == 1 and missing[1] == 0  # the re-issue shares the story's class
    assert match[0] == 0 and missing[0] == 1  # the first issue lacks it
    assert unasked[2] == 1  # the extension has a class the story does not ask for


def test_classes_every_pool_candidate_shares_tell_nothing_apart():
    names = [name_classes(fold(n)) for n in ("Cấp lại thẻ A", "Cấp lại thẻ B")]
    assert not story_features(asked(fold("bị mất thẻ")), names, pool=[0, 1]).any()
    assert np.array_equal(story_features(set(), [], pool=[]), np.zeros((0, len(STORY_FEATURES))))
