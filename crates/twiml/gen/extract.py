"""Reads twilio-node's TwiML type declarations and prints the facts as JSON.

Facts only (element names, attribute names and types, which child goes where);
crates/twiml/gen/generate.py turns them into the macro tables of src/voice.rs and
src/messaging.rs. Rerun both when twilio-node adds elements or attributes.
"""
import json, re, sys, os

ROOT = os.path.join(os.path.dirname(__file__), "../../../tests/oracle/node_modules/twilio/lib/twiml")

def parse(kind):
    dts = open(os.path.join(ROOT, f"{kind}.d.ts")).read()
    js = open(os.path.join(ROOT, f"{kind}.js")).read()
    aliases = {m.group(1): re.findall(r'"([^"]*)"', m.group(2))
               for m in re.finditer(r'^\s*type (\w+) = (.*);$', dts, re.M)}
    interfaces = {}
    for m in re.finditer(r'(?:export )?interface (\w+) \{(.*?)\n    \}', dts, re.S):
        attrs = interfaces.setdefault(m.group(1), [])
        for a in re.finditer(r'/\*\* [\w:-]+ - (.*?) \*/\n\s*("?[\w:-]+"?)\?: ([\w\[\]]+);', m.group(2)):
            doc, name, ty = a.group(1), a.group(2).strip('"'), a.group(3)
            if name not in [x[0] for x in attrs]:
                attrs.append((name, ty, doc))
    # class -> methods, from the .d.ts (attribute interface and text argument)
    classes = {}
    cur = None
    for line in dts.splitlines():
        m = re.match(r'^(?:declare |    export |    )class (\w+) extends TwiML', line)
        if m:
            cur = classes.setdefault(m.group(1), {})
            continue
        m = re.match(r'^\s+(\w+)\((.*)\): \w+\.(\w+);$', line)
        if m and cur is not None:
            meth, args, ret = m.groups()
            ent = cur.setdefault(meth, {"class": ret, "attrs": None, "text": None})
            for arg in [a.strip() for a in args.split(",") if a.strip()]:
                an, at = arg.split(":")
                an, at = an.strip(), at.strip()
                if an.startswith("attributes"):
                    if at.startswith(kind + "."):
                        ent["attrs"] = at.split(".")[1]
                else:
                    ent["text"] = "optional" if an.endswith("?") else "required"
                    ent["text_name"] = an.rstrip("?")
    # tags, from the .js
    cls = None
    for line in js.splitlines():
        m = re.match(r'^(?:class (\w+) extends|    class (\w+) extends)', line)
        if m:
            cls = m.group(1) or m.group(2)
            continue
        m = re.search(r'return new \w+\.(\w+)\(this\.\w+\.ele\("([\w-]+)"', line)
        if m and cls:
            for meth, ent in classes.get(cls, {}).items():
                if ent["class"] == m.group(1):
                    ent["tag"] = m.group(2)
    return {"aliases": aliases, "interfaces": interfaces, "classes": classes}

if __name__ == "__main__":
    json.dump({k: parse(k) for k in ["VoiceResponse", "MessagingResponse"]}, sys.stdout, indent=1)
