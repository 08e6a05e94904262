#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the seed corpora of the fuzz targets (tests/fuzz/corpus/<target>/seed-*) from the demo
workspace and from the wire formats the tests use. Deterministic: running it again gives the same
files. Inputs that once failed are kept beside the seeds as regression-* files and are never
touched by this script."""
import json
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
DEMO = ROOT / "resources" / "demo"
CORPUS = ROOT / "tests" / "fuzz" / "corpus"


def items(name):
    data = json.loads((DEMO / f"{name}.json").read_text(encoding="utf-8"))
    return data["items"] if isinstance(data, dict) else data


def compact(value):
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def write(target, name, data):
    folder = CORPUS / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"seed-{name}").write_bytes(data)


def clean(target):
    folder = CORPUS / target
    if folder.exists():
        for path in folder.glob("seed-*"):
            path.unlink()


# --- crm_json: a selector byte (see fuzz_crm_json.cpp), then the body --------------------------
TICKET, PROJECT, PROSPECT, INTERACTION, TICKET_PAGE, INTERACTION_PAGE, ACTIVITY, EVENT, METRICS = range(9)
clean("crm_json")
tickets, projects, prospects, interactions = (items(n) for n in ("tickets", "projects", "prospects", "interactions"))
for i, ticket in enumerate(tickets[:4]):
    write("crm_json", f"ticket-{i}", bytes([TICKET]) + compact(ticket))
for i, project in enumerate(projects[:3]):
    write("crm_json", f"project-{i}", bytes([PROJECT]) + compact(project))
for i, prospect in enumerate(prospects[:3]):
    write("crm_json", f"prospect-{i}", bytes([PROSPECT]) + compact(prospect))
for i, interaction in enumerate(interactions[:4]):
    write("crm_json", f"interaction-{i}", bytes([INTERACTION]) + compact(interaction))
write("crm_json", "ticket-page", bytes([TICKET_PAGE]) + compact({"items": tickets[:3], "next_cursor": "dGlja2V0czox"}))
write("crm_json", "ticket-page-last", bytes([TICKET_PAGE]) + compact({"items": [tickets[5], {"id": "T-bad"}, 7], "next_cursor": None}))
write("crm_json", "interaction-page", bytes([INTERACTION_PAGE]) + compact({"items": interactions[:3], "next_cursor": "aW50ZXJhY3Rpb25z"}))
activity = {
    "message_id": "M-6f1c2d9e-8a41-4c1b-9d3e-2f7a5b0c1d22",
    "type": "outreach_message",
    "subject": "Per-seat pricing for Analytics Pro",
    "content": "Hi Lee,\n\nthe add-on is billed per workspace, not per seat.",
    "metadata": {
        "used_context": ["ticket", "project", "prospect.preferences", "interaction:I-5001"],
        "confidence": 0.82,
        "suggested_follow_up": "Offer a demo next Tuesday.",
        "model": "gpt-4o-mini",
        "prompt": "Follow up on the pricing call, offer a demo next week.",
    },
    "created_at": "2026-11-20T14:03:00Z",
}
write("crm_json", "activity", bytes([ACTIVITY]) + compact(activity))
write("crm_json", "event", bytes([EVENT]) + compact({"type": "opened", "occurred_at": "2026-11-21T08:15:00.250+01:00", "metadata": {"client": "mail"}}))
write("crm_json", "metrics", bytes([METRICS]) + compact({
    "sent_at": "2026-11-20T14:05:00Z", "opened": True, "open_count": 3, "clicked": False,
    "replied": True, "reply_sentiment": "positive", "meeting_booked": False,
    "updated_at": "2026-11-22T09:00:00Z"}))

# --- sse_decoder: a limit byte (>= 64: the default limit), a split-seed byte, then the stream ----
clean("sse_decoder")
DEFAULT = 200


def chunk(content=None, finish=None, role=False):
    delta = {"role": "assistant", "content": ""} if role else ({"content": content} if content is not None else {})
    return compact({"id": "chatcmpl-fake-1", "object": "chat.completion.chunk", "created": 1767225600,
                    "model": "fake-model", "choices": [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}]})


def sse(events, newline=b"\n"):
    return b"".join(b"data: " + e + newline + newline for e in events)


stream = [chunk(role=True), chunk("Hello"), chunk(" there,"), chunk(" Zo\u00eb \U0001F600"), chunk(finish="stop"), b"[DONE]"]
write("sse_decoder", "openai", bytes([DEFAULT, 1]) + sse(stream))
write("sse_decoder", "crlf", bytes([DEFAULT, 2]) + sse(stream, b"\r\n"))
write("sse_decoder", "keepalive-bom", bytes([DEFAULT, 3]) + b"\xef\xbb\xbf: keep-alive\n\n" + sse(stream[:3]) + b": ping\n\n")
write("sse_decoder", "fields", bytes([DEFAULT, 4]) + b"event: delta\nid: 7\ndata: first\ndata: second\nretry: 10\n\nid\ndata\n\n:x\nevent: end\ndata:[DONE]\n\n")
write("sse_decoder", "error", bytes([DEFAULT, 5]) + sse([chunk(role=True), chunk("Hi"), compact({"error": {"code": 500, "message": "Context size has been exceeded.", "type": "server_error"}})]))
write("sse_decoder", "cr-only", bytes([DEFAULT, 6]) + b"data: a\r\rdata: b\r\n\ndata: c\n\r\n")
write("sse_decoder", "cut", bytes([DEFAULT, 7]) + sse(stream[:2]) + b"data: {\"choi")
write("sse_decoder", "small-limit", bytes([16, 8]) + b"data: 0123456789abcdef0123\n\n")

# --- json_field_stream: a split-seed byte, then the model's content (UTF-8) ---------------------
clean("json_field_stream")
structured = {"subject": "Following up on T-1001", "message": "Hi Lee,\n\nthanks for the call \u2014 \"SSO\" is in.\tBest,\nDana \U0001F600",
              "used_context": ["ticket", "interaction:I-5001"], "suggested_follow_up": "Check in again in three business days."}
write("json_field_stream", "structured", bytes([1]) + json.dumps(structured).encode())
write("json_field_stream", "structured-utf8", bytes([2]) + json.dumps(structured, ensure_ascii=False).encode())
write("json_field_stream", "escapes", bytes([3]) + b'{"message":"a\\u00e9\\ud83d\\ude00\\/\\\\\\"\\b\\f\\n\\r\\t\\x","subject":null}')
write("json_field_stream", "nested", bytes([4]) + b' {"meta":{"message":"not this","list":[1,-2.5e+3,true,false,null,{"a":[]}]},"message":"this"} ')
write("json_field_stream", "twice", bytes([5]) + b'{"message":"one","message":"two"}')
write("json_field_stream", "not-string", bytes([6]) + b'{"subject":42,"message":"x"}')
write("json_field_stream", "cut", bytes([7]) + b'{"subject":"Hel')
write("json_field_stream", "deep", bytes([8]) + b'{"a":' + b"[" * 1100 + b"]" * 1100 + b"}")
write("json_field_stream", "bom", bytes([9]) + "\ufeff".encode() + b'{"message":""}')
