# SPDX-License-Identifier: BSD-2-Clause
"""The malformed-configuration corpus (tests/config/bad/*.dts), shared by
tests/config (the build-time tool) and tests/partitions (the hypervisor at
boot). Each file starts with `// expect: <substring of the refusal>` and
may carry `// core|hw|image|args|exit: <value>` lines."""
import re


def directives(src):
    """The `// key: value` lines of corpus file @src (expect is the first)."""
    lines = src.read_text().splitlines()
    m = re.match(r"^// expect: (.+)$", lines[0])
    assert m, f"{src.name}: first line must be '// expect: <substring>'"
    found = {"expect": m.group(1)}
    for line in lines[1:]:
        d = re.match(r"^// (core|hw|image|args|exit): (.+)$", line)
        if d:
            found[d.group(1)] = d.group(2).strip()
    return found
