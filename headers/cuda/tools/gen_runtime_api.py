#!/usr/bin/env python3
"""Writes headers/cuda/cuda_runtime_api.h: the CUDA runtime API as the translator parses it.

Qiao's runtime API (headers/qiao/qiao_runtime.h) has CUDA's signatures under Qiao names, so the
CUDA declarations are that header's C part with each Qiao name replaced by the CUDA name the
mapping database maps to it (translator/mappings/*.xml, target qiao). Names the database maps
many-to-one take the first CUDA spelling listed in PREFERRED. Run by hand when qiao_runtime.h or
the database changes; the output is committed:

    python3 headers/cuda/tools/gen_runtime_api.py
"""
import pathlib
import re
import xml.etree.ElementTree as ET

ROOT = pathlib.Path(__file__).resolve().parents[3]
QIAO_HEADER = ROOT / "headers/qiao/qiao_runtime.h"
MAPPINGS = ROOT / "translator/mappings"
OUT = ROOT / "headers/cuda/cuda_runtime_api.h"

# qiao name -> CUDA name where several CUDA names map to one Qiao name.
PREFERRED = {
    "qiaoError_t": "cudaError_t",
    "qiaoDeviceProp_t": "cudaDeviceProp",
    "QIAO_CUDA_VERSION": "CUDART_VERSION",
    "QIAO_CB": "CUDART_CB",
}


def reverse_map():
    reverse = dict(PREFERRED)
    # Runtime records first: the driver API maps many of its names onto the same Qiao names.
    files = sorted(MAPPINGS.glob("runtime-*.xml")) + sorted(MAPPINGS.glob("device-*.xml"))
    for xml in files:
        for entry in ET.parse(xml).getroot().iter("entry"):
            for target in entry.iter("target"):
                if target.get("name") != "qiao" or target.get("status") != "supported":
                    continue
                to = target.get("to")
                if to and to != entry.get("cuda") and to not in reverse:
                    reverse[to] = entry.get("cuda")
    return reverse


def removed_declarations(qiao_header, reverse):
    """Names CUDA removed that old programs still call (cudaThreadSynchronize): declared with
    their successor's signature, so that Clang resolves them and the translator maps them to the
    successor the database names (QT2009), instead of failing to parse the file."""
    out = []
    for xml in sorted(MAPPINGS.glob("runtime-*.xml")):
        for entry in ET.parse(xml).getroot().iter("entry"):
            if not entry.get("removed") or entry.get("kind") != "function":
                continue
            for target in entry.iter("target"):
                if target.get("name") != "qiao" or target.get("status") != "supported":
                    continue
                found = re.search(r"^qiaoError_t " + target.get("to") + r"\(([^;]*)\);", qiao_header,
                                  flags=re.M)
                if not found:
                    continue
                params = re.sub(r"QIAO_DEFAULT\(([^()]*)\)", r"= \1", found.group(1))
                params = re.sub(r"\bqiao(\w+)", lambda m: reverse.get(m.group(0), "cuda" + m.group(1)),
                                params)
                out.append("cudaError_t %s(%s);\n" % (entry.get("cuda"), params))
    if not out:
        return ""
    return "/* Removed from CUDA; kept for the programs that call them (see the database). */\n" + \
        "".join(out) + "\n"


def main():
    text = QIAO_HEADER.read_text()
    start = text.index('#ifdef __cplusplus\nextern "C" {')
    end = text.index('#ifdef __cplusplus\n} /* extern "C" */')
    body = text[start:end] + '#ifdef __cplusplus\n} /* extern "C" */\n#endif\n'
    # The error enum comes from cuda_errors.h; the launch helpers for host-compiled kernels are
    # Qiao's own and have no CUDA twin.
    body = re.sub(r"typedef enum qiaoError_t \{.*?\} qiaoError_t;\n", "", body, flags=re.S)
    body = re.sub(r"/\*[^*]*\*+(?:[^/*][^*]*\*+)*/", lambda m: "" if "\n" in m.group(0) else m.group(0), body)
    # Default arguments (QIAO_DEFAULT in the C part) are plain C++ here: this header is parsed
    # as CUDA C++ only.
    body = re.sub(r"QIAO_DEFAULT\(([^()]*)\)", r"= \1", body)
    reverse = reverse_map()
    # Qiao's own functions (host-compiled kernel support, module-function settings) have no CUDA
    # name: they are left out rather than given an invented one.
    def keep_declaration(match):
        return match.group(0) if match.group(2) in reverse else ""

    body = re.sub(r"^(qiaoError_t|const char \*|void) (qiao\w+)\([^;]*\);\n", keep_declaration, body,
                  flags=re.M)

    def rename(match):
        word = match.group(0)
        if word in reverse:
            return reverse[word]
        if word == "QIAO_DIM3_DEFINED":
            return word
        if word.startswith("qiao") or word.startswith("QIAO_"):
            return word.replace("qiao", "cuda", 1).replace("QIAO_", "CUDA_", 1)
        return word

    body = re.sub(r"\b[A-Za-z_][A-Za-z0-9_]*\b", rename, body)
    body = body.replace('#ifdef __cplusplus\n} /* extern "C" */', removed_declarations(text, reverse)
                        + '#ifdef __cplusplus\n} /* extern "C" */', 1)
    body = re.sub(r"\n{3,}", "\n\n", body)
    OUT.write_text(
        "/* The CUDA runtime API, declared for qiao-translate to parse CUDA without an NVIDIA\n"
        " * toolkit. Generated by headers/cuda/tools/gen_runtime_api.py from Qiao's runtime header\n"
        " * (same signatures, CUDA names); do not edit by hand. */\n"
        "#pragma once\n\n#include <stddef.h>\n#include <stdint.h>\n\n#include \"cuda_errors.h\"\n\n"
        + body
    )


if __name__ == "__main__":
    main()
