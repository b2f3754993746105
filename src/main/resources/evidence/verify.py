#!/usr/bin/env python3
"""Checks a cce-upgrade-archiver evidence pack with the Python 3 standard library alone.

Usage: python3 verify.py [PACK.zip | DIRECTORY]   (default: the directory this script is in)

Checks every file against manifest.json, recomputes every revision's content hash (task and evidence revisions)
from its columns (PostgreSQL's jsonb text of the canonical form, docs/integrity.md), every seal's digest from its fields and the content hashes it
covers, that each revision is among the hashes of its seal, and the chain from seal to seal up to the manifest's
head. It does not check the Ed25519 signatures: README.md shows how, with openssl.
Exit codes: 0 intact, 5 altered (the first damage is printed), 2 not an evidence pack.
"""
import datetime
import decimal
import hashlib
import json
import os
import sys
import zipfile

GENESIS = "0" * 64
MANIFEST = "manifest.json"


class Altered(Exception):
    pass


def read_pack(path):
    files = {}
    if os.path.isdir(path):
        for root, _dirs, names in os.walk(path):
            for name in names:
                full = os.path.join(root, name)
                rel = os.path.relpath(full, path).replace(os.sep, "/")
                with open(full, "rb") as f:
                    files[rel] = f.read()
        return files
    with zipfile.ZipFile(path) as zf:
        for info in zf.infolist():
            if info.is_dir():
                continue
            if info.filename in files:
                raise Altered(info.filename + " is in the pack twice")
            files[info.filename] = zf.read(info)
    return files


def key_order(key):
    data = key.encode("utf-8")
    return (len(data), data)


def jsonb_string(value):
    out = ['"']
    for ch in value:
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\b":
            out.append("\\b")
        elif ch == "\f":
            out.append("\\f")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20:
            out.append("\\u%04x" % ord(ch))
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def jsonb_number(value):
    if isinstance(value, bool):
        raise TypeError("not a number")
    if isinstance(value, int):
        return str(value)
    # as PostgreSQL's numeric prints it: the digits given, the exponent folded in, no sign on zero
    text = format(value, "f")
    if value.is_zero() and text.startswith("-"):
        text = text[1:]
    return text


def jsonb_text(value):
    """A value as PostgreSQL renders jsonb as text."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        return jsonb_string(value)
    if isinstance(value, (int, decimal.Decimal)):
        return jsonb_number(value)
    if isinstance(value, list):
        return "[" + ", ".join(jsonb_text(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(jsonb_string(k) + ": " + jsonb_text(value[k]) for k in sorted(value, key=key_order)) + "}"
    raise TypeError("unexpected JSON value")


def numeric(text):
    """A JSON number with a fraction or exponent, within PostgreSQL numeric's limits (checked before it is printed)."""
    value = decimal.Decimal(text)
    sign, digits, exponent = value.as_tuple()
    # (a zero has no integer digits however large its exponent: PostgreSQL reads 0e999999 as 0)
    if (value != 0 and len(digits) + exponent > 131072) or -exponent > 16383:
        raise ValueError("number beyond PostgreSQL numeric's range")
    return value


def integer(text):
    """A JSON integer: Python's int, unless it is longer than Python converts by default (numeric allows more)."""
    return int(text) if len(text) <= 4000 else numeric(text)


def parse(text, where):
    def no_constants(name):
        raise ValueError("not JSON: " + name)
    try:
        value = json.loads(text, parse_float=numeric, parse_int=integer, parse_constant=no_constants)
        # jsonb holds Unicode text: an unpaired surrogate escape is not something PostgreSQL could have stored
        json.dumps(value, ensure_ascii=False, default=str).encode("utf-8")
        return value
    except (ValueError, UnicodeEncodeError) as e:
        raise Altered(where + ": not JSON: " + str(e))


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def lines(files, name):
    try:
        text = files[name].decode("utf-8")
    except UnicodeDecodeError:
        raise Altered(name + " is not UTF-8 text")
    result = text.split("\n")
    if result and result[-1] == "":
        result.pop()
    return result


def field(obj, name, kind, where):
    if not isinstance(obj, dict) or name not in obj:
        raise Altered(where + ': no "' + name + '"')
    value = obj[name]
    if kind is int and (isinstance(value, bool) or not isinstance(value, int)):
        raise Altered(where + ': "' + name + '" is not a whole number')
    if kind is str and not isinstance(value, str):
        raise Altered(where + ': "' + name + '" is not a string')
    if kind is list and not isinstance(value, list):
        raise Altered(where + ': "' + name + '" is not an array')
    return value


def seal_timestamp(text, where):
    try:
        moment = datetime.datetime.strptime(text.replace("Z", "+0000"), "%Y-%m-%dT%H:%M:%S.%f%z")
    except ValueError:
        try:
            moment = datetime.datetime.strptime(text.replace("Z", "+0000"), "%Y-%m-%dT%H:%M:%S%z")
        except ValueError:
            raise Altered(where + ': "sealed_at" is not a UTC timestamp')
    moment = moment.astimezone(datetime.timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def task_canonical_form(revision, where):
    """upgrade_history.revision_canonical_form: the columns of an upgrade_task_revision."""
    phase = revision.get("phase")
    if phase is not None and not isinstance(phase, str):
        raise Altered(where + ': "phase" is not a string')
    return {
        "run_id": field(revision, "run_id", int, where),
        "project_id": field(revision, "project_id", str, where),
        "cluster_id": field(revision, "cluster_id", str, where),
        "task_id": field(revision, "task_id", str, where),
        "observed_at": field(revision, "observed_at", str, where),
        "phase": phase,
        "raw": field(revision, "raw", object, where),
    }


def evidence_canonical_form(revision, where):
    """upgrade_history.evidence_canonical_form: the columns of an evidence_revision (its kind is evidence_kind)."""
    return {
        "kind": field(revision, "evidence_kind", str, where),
        "run_id": field(revision, "run_id", int, where),
        "project_id": field(revision, "project_id", str, where),
        "cluster_id": field(revision, "cluster_id", str, where),
        "object_id": field(revision, "object_id", str, where),
        "observed_at": field(revision, "observed_at", str, where),
        "raw": field(revision, "raw", object, where),
    }


CANONICAL_FORMS = {"upgrade_task_revision": task_canonical_form, "evidence_revision": evidence_canonical_form}


def check(files):
    manifest = parse(files[MANIFEST].decode("utf-8", "replace"), MANIFEST)
    listed = set()
    for entry in field(manifest, "files", list, MANIFEST):
        path = field(entry, "path", str, MANIFEST)
        if path not in files:
            raise Altered(path + " is listed in the manifest but missing from the pack")
        if sha256(files[path]) != field(entry, "sha256", str, MANIFEST):
            raise Altered(path + " does not match its SHA-256 in the manifest: it was changed after export")
        listed.add(path)
    for path in files:
        if path != MANIFEST and path not in listed:
            raise Altered(path + " is in the pack but not in the manifest: it was added after export")
    for required in ("revisions.jsonl", "seals.jsonl"):
        if required not in listed:
            raise Altered("the manifest lists no " + required)
    # export writes a pack of an altered archive too (its report says so): such a pack is no evidence of an intact one
    verdict = field(manifest, "archive_verdict", str, MANIFEST)
    if not verdict.startswith("archive intact: "):
        raise Altered("the archive was not intact when this pack was exported: " + verdict)

    seals = []
    sealed = {}
    for number, line in enumerate(lines(files, "seals.jsonl"), 1):
        where = "seals.jsonl line %d" % number
        seal = parse(line, where)
        seal_id = field(seal, "seal_id", int, where)
        where += ", seal %d" % seal_id
        after = field(seal, "after_revision_id", int, where)
        last = field(seal, "last_revision_id", int, where)
        count = field(seal, "revision_count", int, where)
        previous_digest = field(seal, "previous_digest", str, where)
        previous = seals[-1] if seals else None
        if previous is not None and (seal_id <= previous["seal_id"] or previous_digest != previous["digest"]
                                     or after != previous["last_revision_id"]):
            raise Altered(where + ": does not follow seal %d: a seal was removed or altered" % previous["seal_id"])
        if previous is None and after == 0 and previous_digest != GENESIS:
            raise Altered(where + ": the first seal of the archive must chain to the genesis digest")
        digest = hashlib.sha256()
        for text in (previous_digest, str(field(seal, "run_id", int, where)),
                     seal_timestamp(field(seal, "sealed_at", str, where), where), str(last), str(count)):
            digest.update(text.encode("utf-8") + b"\n")
        covers = field(seal, "covers", list, where)
        for pair in covers:
            if (not isinstance(pair, list) or len(pair) != 2 or isinstance(pair[0], bool)
                    or not isinstance(pair[0], int) or not isinstance(pair[1], str)):
                raise Altered(where + ': "covers" holds something other than [revision_id, content_hash]')
            if pair[0] <= after or pair[0] > last:
                raise Altered(where + ": covers revision %d out of its range or out of order" % pair[0])
            after = pair[0]
            digest.update(pair[1].encode("utf-8") + b"\n")
            sealed[pair[0]] = pair[1]
        if len(covers) != count:
            raise Altered(where + ": records %d revisions but lists %d content hashes" % (count, len(covers)))
        if digest.hexdigest() != field(seal, "digest", str, where):
            raise Altered(where + ": its digest does not match its fields and the content hashes it covers")
        seals.append(seal)
    if not seals:
        raise Altered("seals.jsonl holds no seal")
    head = manifest.get("head")
    if not isinstance(head, dict) or head.get("digest") != seals[-1]["digest"] or head.get("seal_id") != seals[-1]["seal_id"]:
        raise Altered("seals.jsonl: its last seal %d is not the head the manifest names" % seals[-1]["seal_id"])

    count = 0
    previous_id = None
    for number, line in enumerate(lines(files, "revisions.jsonl"), 1):
        where = "revisions.jsonl line %d" % number
        revision = parse(line, where)
        revision_id = field(revision, "revision_id", int, where)
        where += ", revision %d" % revision_id
        kind = field(revision, "kind", str, where)
        if kind not in CANONICAL_FORMS:
            raise Altered(where + ': unknown kind "%s"' % kind)
        if previous_id is not None and revision_id <= previous_id:
            raise Altered(where + ": out of order or repeated")
        previous_id = revision_id
        canonical = CANONICAL_FORMS[kind](revision, where)
        content_hash = field(revision, "content_hash", str, where)
        if sha256(jsonb_text(canonical).encode("utf-8")) != content_hash:
            raise Altered(where + ": its content does not match its content hash (it was altered)")
        if revision_id not in sealed:
            raise Altered(where + ": no seal of the pack covers it")
        if sealed[revision_id] != content_hash:
            raise Altered(where + ": its content hash is not the one its seal covers (it was altered)")
        count += 1
    if count != manifest.get("revisions"):
        raise Altered("revisions.jsonl holds %d revisions, the manifest says %s" % (count, manifest.get("revisions")))
    return count, len(seals), seals[-1]["digest"]


def main(argv):
    path = argv[1] if len(argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    try:
        files = read_pack(path)
    except (OSError, zipfile.BadZipFile) as e:
        print("verify.py: cannot read %s as an evidence pack: %s" % (path, e), file=sys.stderr)
        return 2
    except Altered as e:
        print("verify.py: EVIDENCE PACK ALTERED: " + str(e), file=sys.stderr)
        return 5
    if MANIFEST not in files:
        print("verify.py: %s is not an evidence pack: it has no %s" % (path, MANIFEST), file=sys.stderr)
        return 2
    try:
        revisions, seals, head = check(files)
    except Altered as e:
        print("verify.py: EVIDENCE PACK ALTERED: " + str(e), file=sys.stderr)
        return 5
    print("verify.py: evidence pack intact: %d revisions, %d seals checked; head digest %s" % (revisions, seals, head))
    print("verify.py: signatures not checked here: see README.md (openssl pkeyutl -verify)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
