"""speedups/members.py: a topic's items answer ``in`` by identity, and follow every change to the list."""

from __future__ import annotations

import datetime as dt
import pickle

from pelican.contents import Article

from speedups.members import Members


def item(n: int) -> Article:
    return Article(f"<p>{n}</p>", metadata={"title": f"Beitrag {n}", "date": dt.datetime(2026, 1, n)})


def test_members_answer_in_by_identity_and_follow_changes():
    first, second, third = item(1), item(2), item(3)
    members = Members([first, second])
    assert first in members and third not in members
    members.append(third)
    assert third in members  # the set is made again after a change
    members.remove(first)
    assert first not in members
    members[0] = first
    assert first in members and second not in members
    members.extend([second])
    del members[-1]
    assert second not in members
    members.clear()
    assert first not in members and len(members) == 0
    assert "Beitrag" not in Members(["Beitrag 1"]) and "Beitrag 1" in Members(["Beitrag 1"])  # not items: ==


def test_members_pickle_as_a_plain_list():
    restored = pickle.loads(pickle.dumps(Members([1, 2])))
    assert type(restored) is list and restored == [1, 2]
