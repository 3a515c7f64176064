#!/usr/bin/env python3
"""Writes docs/everyday.md from examples/*.rs, examples/node/*.mjs and the counts of
scripts/everyday-lines.sh. Run after changing an everyday example (cargo fmt and
prettier first); examples/tests/everyday.rs fails when the page shows stale code."""
import pathlib
import subprocess

ROOT = pathlib.Path(__file__).resolve().parent.parent
JOBS = [
    ("send_sms", "send_sms", "Send an SMS", "send an SMS"),
    ("place_call", "place_call", "Place a call with inline TwiML", "call with inline TwiML"),
    ("answer_call", "answer_call", "Answer an incoming call with `<Dial><Client>`",
     "incoming call, Dial/Client"),
    ("webhook_actix", "webhook_express",
     "A webhook handler that validates the signature and answers TwiML", "actix webhook + TwiML"),
    ("access_token", "access_token", "Mint a Voice + Sync Access Token", "Voice+Sync Access Token"),
    ("workers", "workers", "Stream every TaskRouter worker", "every TaskRouter worker"),
]


def rust_code(name):
    lines = (ROOT / "examples" / f"{name}.rs").read_text().splitlines()
    out = [l for l in lines if not l.startswith("//!") and not l.startswith("#![allow")]
    while out and out[0] == "":
        out.pop(0)
    return "\n".join(out)


def main():
    table = subprocess.run([str(ROOT / "scripts" / "everyday-lines.sh")], capture_output=True,
                           text=True, check=True).stdout.splitlines()[1:]
    rows = {line.split()[0]: line.split()[1:] for line in table}
    doc = (ROOT / "scripts" / "everyday-head.md").read_text()
    doc += "| job | ours | ours w/o main | twilio-node | ratio | ratio w/o main |\n"
    doc += "|---|---:|---:|---:|---:|---:|\n"
    for rs, _, _, short in JOBS:
        r = rows[rs]
        doc += f"| {short} | {r[0]} | {r[1]} | {r[2]} | {r[3]} | {r[4]} |\n"
    doc += (ROOT / "scripts" / "everyday-notes.md").read_text()
    for rs, js, title, _ in JOBS:
        r = rows[rs]
        node = (ROOT / "examples" / "node" / f"{js}.mjs").read_text().rstrip("\n")
        doc += f"""
## {title}

Ours, [`examples/{rs}.rs`](../examples/{rs}.rs): {r[0]} lines, {r[1]} without `main`.

```rust
{rust_code(rs)}
```

twilio-node, [`examples/node/{js}.mjs`](../examples/node/{js}.mjs): {r[2]} lines.

```js
{node}
```
"""
    doc += (ROOT / "scripts" / "everyday-tail.md").read_text()
    (ROOT / "docs" / "everyday.md").write_text(doc)


if __name__ == "__main__":
    main()
