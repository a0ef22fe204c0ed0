"""A procedure's fee and time as the few lines a citizen reads: labelled and de-duplicated across channels.

Channels that say the same thing become one line. Lines that differ are labelled by what they are for
when the catalog says it ("Cấp lại biển số định danh", "Tại cơ quan đại diện"), else by channel
("Trực tiếp, Bưu chính"). When one channel lists several times that nothing ties to a purpose, the answer is
summarised honestly as a range ("Từ 1 giờ đến 7 ngày làm việc, tùy trường hợp"). A number the portal gives without
a unit takes the unit of another channel stating the same number with one, else is said as the portal gives it
(BARE_TEXT), never with a unit the record does not give.
"""

from __future__ import annotations

import re
from dataclasses import replace

from knowledge_base.model import CHANNEL_IN_PERSON, CHANNEL_ONLINE, CHANNEL_POSTAL, Channel, Fact
from knowledge_base.times import BARE

CHANNEL_LABELS = {CHANNEL_IN_PERSON: "Trực tiếp", CHANNEL_ONLINE: "Trực tuyến", CHANNEL_POSTAL: "Bưu chính"}
RANGE_TEXT = "Từ {low} đến {high}, tùy trường hợp"
USUAL, OTHER_CASES = "Thông thường", "Các trường hợp khác"  # the line beside a case: shorter, or longer, than it
_CASE_LABEL = re.compile(r"(?:Trường hợp|Đối với)\b")
BARE_TEXT = 'Cổng Dịch vụ công chỉ ghi "{number}", không ghi đơn vị'
BARE_NOTE = "Bạn hỏi Bộ phận Một cửa nơi nộp hoặc xem trang chính thức để biết thời hạn chính xác."


def _channels_label(kinds: tuple[str, ...]) -> str:
    return ", ".join(CHANNEL_LABELS[kind] for kind in kinds)


def _lines(rows: list[tuple[str, str, str, str]], all_kinds: tuple[str, ...]) -> tuple[Fact, ...]:
    """rows: (channel kind, purpose, text, note) -> one Fact per distinct (purpose, text, note); a single
    line is unlabelled only when it holds for every channel."""
    groups: dict[tuple[str, str, str], list[str]] = {}
    for kind, purpose, text, note in rows:
        kinds = groups.setdefault((purpose, text, note), [])
        if kind not in kinds:
            kinds.append(kind)
    if len(groups) == 1:
        (purpose, text, note), kinds = next(iter(groups.items()))
        label = "" if set(kinds) == set(all_kinds) else purpose or _channels_label(tuple(kinds))
        return (Fact(label, text, note, tuple(kinds)),)
    facts = []
    for (purpose, text, note), kinds in groups.items():
        facts.append(Fact(purpose or _channels_label(tuple(kinds)), text, note, tuple(kinds)))
    return tuple(facts)


def _kinds(channels: tuple[Channel, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(c.kind for c in channels))


def _ambiguous(facts: tuple[Fact, ...]) -> bool:
    """A channel with several values that nothing tells apart (lines labelled only by channel)."""
    by_channel = [kind for fact in facts if _by_channel(fact) for kind in fact.channels]
    return len(set(by_channel)) < len(by_channel)


def _by_channel(fact: Fact) -> bool:
    return not fact.label or fact.label == _channels_label(fact.channels)


def fee_facts(channels: tuple[Channel, ...]) -> tuple[Fact, ...]:
    rows = [(c.kind, c.fee_for, c.fee_text, c.fee_note) for c in channels if c.fee_text]
    return _lines(rows, _kinds(channels)) if rows else ()


def _with_unit(channel: Channel, known: list[Channel]) -> Channel:
    """A bare number with the unit another channel of the record states the same number with ("5" beside
    "5 Ngày làm việc")."""
    if channel.time_source != BARE:
        return channel
    for other in known:
        if other.time_source != BARE and other.time_text.partition(" ")[0] == channel.time_text:
            return replace(
                channel,
                time_text=other.time_text,
                days=other.days,
                working_days=other.working_days,
                time_source=other.time_source,
            )
    return channel


def _time_row(channel: Channel) -> tuple[str, str, str, str]:
    if channel.time_source == BARE:
        return channel.kind, channel.time_for, BARE_TEXT.format(number=channel.time_text), BARE_NOTE
    return channel.kind, channel.time_for, channel.time_text, ""


def time_facts(channels: tuple[Channel, ...]) -> tuple[Fact, ...]:
    known = [c for c in channels if c.time_text]
    if not known:
        return ()
    known = [_with_unit(c, known) for c in known]
    facts = _lines([_time_row(c) for c in known], _kinds(channels))
    if not _ambiguous(facts):
        return _cases_and_the_rest(facts, known)
    by_length = sorted((c for c in known if c.days is not None), key=lambda c: c.days)
    if not by_length:
        return facts
    low, high = by_length[0].time_text, by_length[-1].time_text
    low_number, _, low_unit = low.partition(" ")
    if low_unit == high.partition(" ")[2]:
        low = low_number  # "Từ 2 đến 3 ngày làm việc"
    named = [f for f in facts if not _by_channel(f)]
    note = "; ".join(f"{f.label}: {f.text}" for f in named)
    kinds = tuple(dict.fromkeys(c.kind for c in known))
    return (Fact("", RANGE_TEXT.format(low=low, high=high), note, kinds),)


def _cases_and_the_rest(facts: tuple[Fact, ...], known: list[Channel]) -> tuple[Fact, ...]:
    """Beside lines tied to a case ("Trường hợp phức tạp: 2 ngày làm việc"), a line known only by its channel is the
    usual time when shorter than every case's ("Thông thường: 1 ngày làm việc"), the other cases' when longer."""
    days = {c.time_text: c.days for c in known}
    case_days = [days.get(f.text) for f in facts if _CASE_LABEL.match(f.label)]
    if not case_days or None in case_days:
        return facts

    def relabelled(fact: Fact) -> Fact:
        own = days.get(fact.text)
        if not _by_channel(fact) or own is None:
            return fact
        if own < min(case_days):
            return Fact(USUAL, fact.text, fact.note, fact.channels)
        if own > max(case_days):
            return Fact(OTHER_CASES, fact.text, fact.note, fact.channels)
        return fact

    return tuple(sorted(map(relabelled, facts), key=lambda f: f.label != USUAL))
