#!/usr/bin/env python3
"""Generate translator/mappings/*.xml from a CUDA toolkit's headers.

Run by hand (see README.md beside this script); the build never runs it. The XML it writes is
committed and is the source of truth: review the diff by family after every run.

Where the facts come from:
  * which names exist, their kind, deprecation and API group: clang's JSON AST of the toolkit's
    headers (names, not regular expressions, so macros and templates resolve as nvcc sees them),
    plus the headers' own #define lines for macros;
  * the HIP name and the CUDA since/deprecated/removed versions: HIPIFY's published support
    tables (docs/tables/*.md of a HIPIFY checkout), read as facts only;
  * Qiao support: whether headers/qiao/qiao_runtime.h (and headers/qiao/device.h, once it exists)
    declares the Qiao name.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from xml.sax.saxutils import quoteattr

# ---------------------------------------------------------------------------------------------
# Which headers belong to which library. Paths are relative to the toolkit's include directory.
RUNTIME_HEADERS = {
    "cuda_runtime_api.h", "cuda_runtime.h", "driver_types.h", "surface_types.h",
    "texture_types.h", "channel_descriptor.h", "library_types.h", "cuda_profiler_api.h",
    "driver_functions.h", "cuda_device_runtime_api.h", "vector_types.h", "vector_functions.h",
    "vector_functions.hpp", "cuda_gl_interop.h", "cuda_egl_interop.h", "cuda_vdpau_interop.h",
}
DRIVER_HEADERS = {"cuda.h", "cudaProfiler.h", "cudaGL.h", "cudaEGL.h", "cudaVDPAU.h"}
DEVICE_HEADERS = {
    "crt/math_functions.h", "crt/math_functions.hpp", "crt/device_functions.h",
    "crt/device_functions.hpp", "crt/device_double_functions.h",
    "crt/device_double_functions.hpp", "device_atomic_functions.h",
    "device_atomic_functions.hpp", "sm_20_atomic_functions.h", "sm_20_atomic_functions.hpp",
    "sm_32_atomic_functions.h", "sm_32_atomic_functions.hpp", "sm_35_atomic_functions.h",
    "sm_60_atomic_functions.h", "sm_60_atomic_functions.hpp", "sm_20_intrinsics.h",
    "sm_20_intrinsics.hpp", "sm_30_intrinsics.h", "sm_30_intrinsics.hpp", "sm_32_intrinsics.h",
    "sm_32_intrinsics.hpp", "sm_35_intrinsics.h", "sm_61_intrinsics.h", "sm_61_intrinsics.hpp",
    "crt/sm_70_rt.h", "crt/sm_70_rt.hpp", "crt/sm_80_rt.h", "crt/sm_80_rt.hpp",
    "crt/sm_90_rt.h", "crt/sm_90_rt.hpp", "crt/sm_100_rt.h", "crt/sm_100_rt.hpp",
    "cuda_fp16.h", "cuda_fp16.hpp", "cuda_bf16.h", "cuda_bf16.hpp",
    "texture_indirect_functions.h", "surface_indirect_functions.h", "crt/common_functions.h",
    "cuda_fp8.h", "cuda_fp8.hpp", "cuda_fp6.h", "cuda_fp6.hpp", "cuda_fp4.h", "cuda_fp4.hpp",
}
# CUDA's vector types (int2, float4, double4_32a...) and their make_ functions: the same names in
# Qiao (qiao/vector_types.h) and HIP.
VECTOR_RE = (r"^(?:(?:u?char|u?short|u?int|u?long|u?longlong|float|double)[1-4](?:_16a|_32a)?"
             r"|make_(?:u?char|u?short|u?int|u?long|u?longlong|float|double)[1-4](?:_16a|_32a)?"
             r"|dim3)$")
# Device-side types of the half, bfloat16 and fp8/fp6/fp4 headers that code names.
DEVICE_TYPE_RE = r"^(__half|half|__nv_bfloat16|nv_bfloat16|__nv_fp|__NV_|__nv_saturation)"
TU_TEXT = "".join(f"#include <{h}>\n" for h in (
    "cuda_runtime.h", "cuda_fp16.h", "cuda_bf16.h", "cuda_profiler_api.h", "cuda.h",
    "cudaProfiler.h", "library_types.h", "cuda_fp8.h", "cuda_fp6.h", "cuda_fp4.h",
    "cuda_gl_interop.h", "cudaGL.h", "cuda_egl_interop.h", "cudaEGL.h", "cuda_vdpau_interop.h",
    "cudaVDPAU.h"))
# Stand-ins for the window-system headers the interop headers include, used only where the
# system has none (-idirafter): just the types the CUDA declarations name.
INTEROP_STUBS = {
    "GL/gl.h": "typedef unsigned int GLuint;\ntypedef unsigned int GLenum;\n",
    "EGL/egl.h": "typedef int EGLint;\ntypedef void *EGLDisplay;\n",
    "EGL/eglext.h": "typedef void *EGLImageKHR;\ntypedef void *EGLStreamKHR;\n"
                    "typedef void *EGLSyncKHR;\n",
    "vdpau/vdpau.h": "typedef unsigned int VdpDevice;\ntypedef unsigned int VdpVideoSurface;\n"
                     "typedef unsigned int VdpOutputSurface;\ntypedef unsigned int VdpChromaType;\n"
                     "typedef unsigned int VdpRGBAFormat;\ntypedef int VdpStatus;\n"
                     "typedef VdpStatus VdpGetProcAddress(VdpDevice, unsigned int, void **);\n",
}

# ---------------------------------------------------------------------------------------------
# API groups (the headers' doxygen \defgroup / \addtogroup) -> Qiao families.
GROUP_FAMILY = [
    ("CUDART_DEVICE", "device"), ("CUDART_ERROR", "error"), ("CUDART_STREAM", "stream"),
    ("CUDART_EVENT", "event"), ("CUDART_EXTRES_INTEROP", "interop"),
    ("CUDART_EXECUTION", "launch"), ("CUDART_OCCUPANCY", "occupancy"),
    ("CUDART_MEMORY_POOLS", "memory-pool"), ("CUDART_MEMORY", "memory"),
    ("CUDART_UNIFIED", "memory"), ("CUDART_PEER", "peer"), ("CUDART_INTEROP", "interop"),
    ("CUDART_TEXTURE", "texture"), ("CUDART_SURFACE", "surface"), ("CUDART__VERSION", "version"),
    ("CUDART_LOGS", "error"), ("CUDART_GRAPH", "graph"),
    ("CUDART_DRIVER_ENTRY_POINT", "entry-point"), ("CUDART_LIBRARY", "module"),
    ("CUDART_DRIVER", "launch"), ("CUDART_PROFILER", "profiler"),
    ("CUDA_ERROR", "error"), ("CUDA_INITIALIZE", "device"), ("CUDA_VERSION", "version"),
    ("CUDA_DEVICE", "device"), ("CUDA_PRIMARY_CTX", "context"), ("CUDA_CTX", "context"),
    ("CUDA_MODULE", "module"), ("CUDA_LIBRARY", "module"), ("CUDA_MEMOP", "stream"),
    ("CUDA_MEM", "memory"), ("CUDA_VA", "virtual-memory"), ("CUDA_MALLOC_ASYNC", "memory-pool"),
    ("CUDA_MULTICAST", "virtual-memory"), ("CUDA_UNIFIED", "memory"), ("CUDA_STREAM", "stream"),
    ("CUDA_EVENT", "event"), ("CUDA_EXTRES_INTEROP", "interop"), ("CUDA_EXEC", "launch"),
    ("CUDA_GRAPH", "graph"), ("CUDA_OCCUPANCY", "occupancy"), ("CUDA_TEXREF", "texture"),
    ("CUDA_SURFREF", "surface"), ("CUDA_TEXOBJECT", "texture"), ("CUDA_SURFOBJECT", "surface"),
    ("CUDA_TENSOR_MEMORY", "tensor"), ("CUDA_PEER_ACCESS", "peer"), ("CUDA_GRAPHICS", "interop"),
    ("CUDA_DRIVER_ENTRY_POINT", "entry-point"), ("CUDA_COREDUMP", "coredump"),
    ("CUDA_GREEN_CONTEXTS", "context"), ("CUDA_LOGS", "error"), ("CUDA_CHECKPOINT", "checkpoint"),
    ("CUDA_PROFILER", "profiler"), ("CUDART_OPENGL", "interop"), ("CUDART_EGL", "interop"),
    ("CUDART_VDPAU", "interop"), ("CUDA_GL", "interop"), ("CUDA_EGL", "interop"),
    ("CUDA_VDPAU", "interop"),
]

# Name keywords -> family, first match wins; for names outside any group (types, macros).
KEYWORD_FAMILY = [
    (r"Egl|EGL|^CUegl|VDPAU|Vdpau|^cudaGL|^CUGL|^CU_GL_", "external"),
    (r"NODE_PARAMS|NodeParams|CONDITIONAL|Conditional|GRAPH_COND|GraphCond", "graph"),
    (r"EXT_SEM|ExternalSemaphore|EXTERNAL_SEMAPHORE|extSemaphore", "external"),
    (r"address_mode|CU_TRS|ChannelDesc", "texture"),
    (r"output_mode|CU_OUT_", "profiler"),
    (r"cudaCG|ParameterBuffer|GridDependency", "launch"),
    (r"AsyncCallback|AsyncNotification", "device"),
    (r"Offset3D", "memory"),
    (r"TARGET_BASE", "module"),
    (r"^CUDAAPI$", "launch"),
    (r"RES_VIEW|ResViewFormat|CU_AD_FORMAT|ArrayFormat|CU_TR_|CUBEMAP|Cubemap", "texture"),
    (r"TARGET_COMPUTE|CUjit", "module"),
    (r"POINTER_ATTRIBUTE|MEM_RANGE|MemRange|mem_range|MEMCPY|Memcpy|memcpy|CUoffset|CUextent",
     "memory"),
    (r"TENSOR_MAP|tensorMap", "tensor"),
    (r"ATOMIC|Atomic", "device"),
    (r"GetExportTable|GET_PROC", "entry-point"),
    (r"ConfigureCall|SetupArgument", "launch"),
    (r"ProcessState|PROCESS_STATE", "checkpoint"),
    (r"Profiler|OutputMode|PROFILER", "profiler"),
    (r"Graph|GRAPH|UserObject|USER_OBJECT", "graph"),
    (r"MemPool|Mempool|MEMPOOL|MEM_POOL|MemAllocNode|MEM_ALLOC_NODE|AsyncNotification", "memory-pool"),
    (r"MemGeneric|MemAllocationProp|MemAccess|MEM_ACCESS|MemHandle|MEM_HANDLE|mem_handle|"
     r"Multicast|MULTICAST|MemAllocationGranularity|MEM_ALLOC_GRANULARITY|MemRange|"
     r"MEM_ALLOCATION|MemAllocation|memGenericAllocationHandle|CUarrayMapInfo|ARRAY_SPARSE|"
     r"MemOperationType|MEM_OPERATION|Sparse|SPARSE", "virtual-memory"),
    (r"Tensor|TENSOR", "tensor"),
    (r"Coredump|COREDUMP", "coredump"),
    (r"Checkpoint|CHECKPOINT", "checkpoint"),
    (r"External|EXTERNAL|GL|EGL|D3D|VDPAU|Graphics|GRAPHICS|NvSci|NVSCI|Eglframe|EGLFRAME", "interop"),
    (r"Stream|STREAM|HostFn|Memop|MEMOP|WaitValue|WriteValue|BatchMem", "stream"),
    (r"Event|EVENT", "event"),
    (r"Ctx|CTX|Context|CONTEXT|Green|GREEN|DevResource|DEV_RESOURCE|DevSmResource|"
     r"ExecAffinity|EXEC_AFFINITY|ExecutionContext", "context"),
    (r"Surf|SURF", "surface"),
    (r"Error|ERROR|CUresult|Log|LOG|CUDA_SUCCESS", "error"),
    (r"Occupancy|OCCUPANCY", "occupancy"),
    (r"Tex|TEX|Mipmap|MIPMAP|ResourceDesc|ResourceViewDesc|ResViewFormat|RES_VIEW|RESOURCE|"
     r"ResourceType|ChannelFormat|FilterMode|AddressMode|ReadMode|TR_|Filter|CU_AD_", "texture"),
    (r"Module|MODULE|Library|LIBRARY|Jit|JIT|Link|LINK|CUkernel|CUfunction|FUNC_LOAD|"
     r"CUmod|FunctionLoading|CU_LIBRARY", "module"),
    (r"Launch|LAUNCH|Func|FUNC|Kernel|KERNEL|Cluster|CLUSTER|Cache|CACHE|SharedMem|SHARED|"
     r"Carveout|CARVEOUT|Dim3|KernelNode|AccessPolicy|ACCESS_POLICY|AccessProperty|"
     r"ACCESS_PROPERTY|SynchronizationPolicy|SYNC_POLICY|CooperativeLaunch|CUDA_CB|CUDART_CB", "launch"),
    (r"Mem|MEM|Memcpy|MEMCPY|Memset|MEMSET|Pitched|Extent|Pos\b|cudaPos|Pointer|POINTER|"
     r"HostAlloc|HOSTALLOC|HostRegister|HOSTREGISTER|Managed|MANAGED|Array|ARRAY|"
     r"Deviceptr|deviceptr|CUmemorytype|Copy|COPY|Flush|FLUSH|DataType|CUDA_R_|CUDA_C_|"
     r"libraryPropertyType|MAJOR_VERSION|MINOR_VERSION|PATCH_LEVEL|CUeglColor|Prefetch|Advise|"
     r"ADVISE|Attach|ATTACH|CPU_DEVICE|CpuDeviceId|HOST_NUMA|HostNuma|Location|LOCATION|"
     r"CUipc|Ipc|IPC|Unified|Pageable|Pitch|PITCH|Numa|NUMA", "memory"),
    (r"Version|VERSION", "version"),
    (r"Entry|ENTRY|DriverProc|DRIVER_PROC|GetProcAddress|GET_PROC", "entry-point"),
    (r"P2P|Peer|PEER", "peer"),
    (r"Dev|DEV|Device|DEVICE|Limit|LIMIT|ComputeMode|COMPUTEMODE|UUID|uuid|Uuid|CUdevice|"
     r"GPUDirect|GPU_DIRECT|Init|INIT|ComputeCapability|DeviceNumaConfig|CUdevprop|Sched|SCHED",
     "device"),
]

DEVICE_FAMILY_RULES = [
    (r"^(clock|clock64|memcpy|memset)$", "intrinsic"),
    (r"^atomic|^__nv_atomic|^__atomic", "atomic"),
    (r"^__shfl|^__ballot|^__all|^__any|^__activemask|^__match|^__reduce_|^__syncwarp"
     r"|^__popc$|^__uni$", "warp"),
    (r"^__syncthreads|^__threadfence|^__nanosleep|^__barrier|^__trap|^__brkpt|^__prof_trigger"
     r"|^__stwt|^__isGlobal|^__isShared|^__isConstant|^__isLocal|^__isGridConstant"
     r"|^__cvta|^__fence|^__isClusterShared|^__cluster|^__mapa", "sync"),
    (r"^tex|^surf|^__tex|^__surf", "texture"),
]


# Driver names without a HIP counterpart whose future Qiao name is known (reviewed by hand).
# Hand-reviewed names: CUDA's version macros become the CUDA API level Qiao implements (code
# compares them with CUDA versions), the callback calling convention Qiao's.
QIAO_FUTURE_NAMES = {
    "CUDA_VERSION": "QIAO_CUDA_VERSION",
    "CUDART_VERSION": "QIAO_CUDA_VERSION",
    "CUDA_CB": "QIAO_CB",
    "CUDART_CB": "QIAO_CB",
    "make_cudaPitchedPtr": "make_qiaoPitchedPtr",
    "make_cudaPos": "make_qiaoPos",
    "make_cudaExtent": "make_qiaoExtent",
}


def family_from_keywords(name, default="misc"):
    for pattern, family in KEYWORD_FAMILY:
        if re.search(pattern, name):
            return "interop" if family == "external" else family
    # Driver types spell words in lower case after the prefix (CUgraph, CUstream_st): a second,
    # case-blind pass, without the interop rule whose short words (GL) hide in others (GLOBAL).
    for pattern, family in KEYWORD_FAMILY:
        if family != "interop" and re.search(pattern, name, re.IGNORECASE):
            return "interop" if family == "external" else family
    return default


def group_family(group):
    if not group:
        return None
    for prefix, family in GROUP_FAMILY:
        if group == prefix or group.startswith(prefix + "_") or group.startswith(prefix):
            return family
    return None


def device_family(name, header):
    if re.search(r"cuda_fp[864]", header):
        return "low-precision"
    if "bfloat16" in name:
        return "bfloat16"
    if "fp16" in header:
        return "half"
    if "bf16" in header:
        return "bfloat16"
    if re.search(r"cuda_fp[864]", header):
        return "low-precision"
    for pattern, family in DEVICE_FAMILY_RULES:
        if re.search(pattern, name):
            return family
    if re.match(r"^__", name) or "intrinsics" in header or "_rt." in header:
        return "intrinsic"
    return "math"


# ---------------------------------------------------------------------------------------------
# Clang AST walk.
def dump_ast(cuda_include):
    with tempfile.TemporaryDirectory() as tmp:
        tu = os.path.join(tmp, "all.cu")
        with open(tu, "w") as out:
            out.write(TU_TEXT)
        stubs = os.path.join(tmp, "stubs")
        for rel, text in INTEROP_STUBS.items():
            os.makedirs(os.path.dirname(os.path.join(stubs, rel)), exist_ok=True)
            with open(os.path.join(stubs, rel), "w") as out:
                out.write(text)
        # Plain C++ with __CUDACC__ defined: every declaration nvcc's front end sees, without
        # clang's CUDA mode (its host/device overload rules reject the toolkit's math headers,
        # and its wrapper header needs files CUDA 13 removed). Redeclaration errors are
        # expected and harmless here: the declarations are still in the AST.
        cmd = ["clang++", "-x", "c++", "-std=c++17", "-fsyntax-only", "-Wno-everything",
               "-ferror-limit=0", "-D__CUDACC__", "-D__NV_NO_HOST_COMPILER_CHECK",
               "-D__CUDACC_VER_MAJOR__=13", "-D__CUDACC_VER_MINOR__=0",
               "-D__CUDACC_VER_BUILD__=0", "-I", cuda_include, "-idirafter", stubs,
               "-Xclang", "-ast-dump=json", tu]
        result = subprocess.run(cmd, capture_output=True, text=True)
        if not result.stdout.strip():
            sys.exit("clang failed:\n" + result.stderr[:4000])
        return json.loads(result.stdout)


class Decl:
    def __init__(self, name, kind, header, line, deprecated, device, parent=None):
        self.name, self.kind, self.header, self.line = name, kind, header, line
        self.deprecated, self.device, self.parent = deprecated, device, parent


class Walker:
    """Walks the JSON AST in document order: clang prints a location's file and line only when
    they change, so the current file/line must be carried along."""

    def __init__(self, include_dir):
        self.prefix = os.path.realpath(include_dir) + "/"
        self.file, self.line = None, None
        self.decls = []

    def track(self, loc):
        if not isinstance(loc, dict):
            return
        for key in ("spellingLoc", "expansionLoc"):
            if key in loc:
                self.track(loc[key])
        if "file" in loc:
            self.file = loc["file"]
        if "line" in loc:
            self.line = loc["line"]

    def header(self):
        if not self.file:
            return None
        path = os.path.realpath(self.file)
        return path[len(self.prefix):] if path.startswith(self.prefix) else None

    def walk(self, node, parent_enum=None):
        if not isinstance(node, dict):
            return
        self.track(node.get("loc"))
        header, line = self.header(), self.line
        rng = node.get("range")
        if rng:
            self.track(rng.get("begin"))
            self.track(rng.get("end"))
        kind = node.get("kind")
        name = node.get("name")
        inner = node.get("inner", [])
        deprecated = any(i.get("kind") == "DeprecatedAttr" for i in inner if isinstance(i, dict))
        device = any(i.get("kind") == "CUDADeviceAttr" for i in inner if isinstance(i, dict))
        record = None
        if name and header and not node.get("isImplicit"):
            if kind == "FunctionDecl":
                record = Decl(name, "function", header, line, deprecated, device)
            elif kind == "FunctionTemplateDecl":
                fn = next((i for i in inner if i.get("kind") == "FunctionDecl"), {})
                fin = fn.get("inner", [])
                record = Decl(name, "function", header, line,
                              any(i.get("kind") == "DeprecatedAttr" for i in fin),
                              any(i.get("kind") == "CUDADeviceAttr" for i in fin))
            elif kind == "EnumDecl":
                record = Decl(name, "enum", header, line, deprecated, False)
            elif kind in ("TypedefDecl", "CXXRecordDecl", "RecordDecl", "TypeAliasDecl"):
                record = Decl(name, "type", header, line, deprecated, False)
            elif kind == "EnumConstantDecl":
                record = Decl(name, "enum-constant", header, line, deprecated, False, parent_enum)
        if record:
            self.decls.append(record)
        enum_name = parent_enum
        if kind == "EnumDecl":
            enum_name = name or "<anonymous>"
            self.anon_enum_owner = None
        # Member functions and class internals are not API names: do not descend into records.
        if kind in ("CXXRecordDecl", "RecordDecl", "FunctionDecl", "FunctionTemplateDecl",
                    "ClassTemplateDecl", "ClassTemplateSpecializationDecl"):
            for child in inner:
                self.skip(child)
            return
        for child in inner:
            self.walk(child, enum_name)

    def skip(self, node):
        """Still tracks locations, so the file/line state stays right after the subtree."""
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("loc",):
                    self.track(value)
                elif key == "range":
                    self.track(value.get("begin"))
                    self.track(value.get("end"))
                elif key == "inner":
                    for child in value:
                        self.skip(child)


# ---------------------------------------------------------------------------------------------
def read_groups(path):
    """Line ranges of the header's doxygen groups: [(line, group)] sorted; a name belongs to the
    last group opened before it."""
    marks = []
    with open(path, errors="replace") as f:
        for number, text in enumerate(f, 1):
            m = re.search(r"\\(?:defgroup|addtogroup)\s+(\w+)", text)
            if m:
                marks.append((number, m.group(1)))
            elif re.search(r"@\}\s*\*/\s*/\*\s*END", text):
                marks.append((number, None))
    return marks


def group_at(marks, line):
    current = None
    for number, group in marks:
        if number > line:
            break
        current = group
    return current


MACRO_RE = re.compile(r"^\s*#\s*define\s+([A-Za-z_]\w*)(\()?\s*(.*)$")


def read_macros(path, name_re):
    found = []
    with open(path, errors="replace") as f:
        for number, text in enumerate(f, 1):
            m = MACRO_RE.match(text)
            if not m or not re.match(name_re, m.group(1)):
                continue
            name = m.group(1)
            if name.endswith(("_H", "_H_", "_HPP", "_H__", "_INCLUDED")) or name.startswith("__"):
                continue
            found.append((name, number, bool(m.group(2)), m.group(3).strip()))
    return found


def read_hipify(path):
    """{cuda name: (section, since, deprecated, removed, hip name)} from a HIPIFY table."""
    table = {}
    if not path or not os.path.exists(path):
        return table
    section = ""
    with open(path) as f:
        for text in f:
            if text.startswith("## "):
                section = re.sub(r"[*#\d.]", "", text).strip()
                continue
            if not text.startswith("|`"):
                continue
            cells = [c.strip().strip("`") for c in text.strip().strip("|").split("|")]
            if len(cells) < 6:
                continue
            table.setdefault(cells[0], (section, cells[1], cells[2], cells[4], cells[5]))
    return table


CXX_KEYWORDS = set("""alignas alignof and and_eq asm auto bitand bitor bool break case catch char
char8_t char16_t char32_t class compl concept const consteval constexpr constinit const_cast
continue co_await co_return co_yield decltype default delete do double dynamic_cast else enum
explicit export extern false float for friend goto if inline int long mutable namespace new
noexcept not not_eq nullptr operator or or_eq private protected public register
reinterpret_cast requires return short signed sizeof static static_assert static_cast struct
switch template this thread_local throw true try typedef typeid typename union unsigned using
virtual void volatile wchar_t while xor xor_eq""".split())


def read_qiao_names(headers_dir, extra=()):
    """The names a translation unit including <qiao/qiao_runtime.h> and <qiao/device.h> can use:
    declared at global scope (functions, templates, types, enumerators, and what <cmath> and
    the C library bring) or defined as macros. Asked of the compiler, not guessed from the
    header's words: the candidates are every word of Qiao's headers plus `extra` (the device
    function names, which the C library may declare), and a name is Qiao's when
    `using ::NAME;` compiles (or NAME is a macro); the consistency test in tests/ compiles the
    same lines for the committed records."""
    words = set(extra)
    for rel in ("qiao/qiao_runtime.h", "qiao/qiao_errors.def", "qiao/device.h",
                "qiao/vector_types.h"):
        path = os.path.join(headers_dir, rel)
        if os.path.exists(path):
            with open(path) as f:
                words.update(re.findall(r"\b[A-Za-z_]\w*\b", f.read()))
    words = sorted(w for w in words if w not in CXX_KEYWORDS)
    head = ["#include <qiao/qiao_runtime.h>", "#include <qiao/device.h>",
            "namespace qiao_probe {"]
    lines = list(head)
    for w in words:
        lines += [f"#ifndef {w}", f"using ::{w};", "#endif"]
    lines.append("}")
    with tempfile.TemporaryDirectory() as tmp:
        tu = os.path.join(tmp, "probe.cpp")
        with open(tu, "w") as out:
            out.write("\n".join(lines) + "\n")
        cxx = os.environ.get("CXX", "g++")
        result = subprocess.run([cxx, "-std=c++20", "-fsyntax-only", "-fmax-errors=0", "-w",
                                 "-I", headers_dir, tu], capture_output=True, text=True)
    bad_lines = {int(m.group(1)) for m in
                 re.finditer(r"probe\.cpp:(\d+):\d+: error:", result.stderr)}
    if any(n <= len(head) for n in bad_lines):
        sys.exit("Qiao's headers do not compile:\n" + result.stderr[:4000])
    # Line of `using ::w;` for the i-th word: head, then three lines per word, the middle one.
    return {w for i, w in enumerate(words) if len(head) + 3 * i + 2 not in bad_lines}


def device_header_exists(headers_dir):
    return os.path.exists(os.path.join(headers_dir, "qiao/device.h"))


# ---------------------------------------------------------------------------------------------
def qiao_candidates_runtime(name, hip):
    """Qiao names to try, best first: the exact twin (DESIGN: cudaX has qiaoX), then the Qiao
    twin of HIP's name (Qiao is HIP-shaped: cudaDeviceProp -> qiaoDeviceProp_t). The last one is
    the name an unsupported record announces."""
    out = []
    if name.startswith("cuda"):
        out.append("qiao" + name[4:])
    elif name.startswith("CUDART_"):
        out.append("QIAO_" + name[7:])
    elif name.startswith("CUDA_"):
        out.append("QIAO_" + name[5:])
    if hip:
        out.append(re.sub(r"^hip", "qiao", re.sub(r"^HIP", "QIAO", hip)))
    return out


class Record:
    def __init__(self, name, kind, family, line_hint=None):
        self.name, self.kind, self.family = name, kind, family
        self.since = self.deprecated = self.removed = ""
        self.targets = {}  # target -> (to, status)


def versions_from(record, hip_row, deprecated_in_header):
    if hip_row:
        _, since, dep, removed, _ = hip_row
        record.since, record.deprecated, record.removed = since, dep, removed
    if deprecated_in_header and not record.deprecated:
        record.deprecated = "yes"


def build(args):
    ast = dump_ast(args.cuda_include)
    walker = Walker(args.cuda_include)
    walker.walk(ast)
    del ast
    qiao_names = read_qiao_names(args.qiao_headers,
                                 {d.name for d in walker.decls
                                  if d.header in DEVICE_HEADERS or re.match(VECTOR_RE, d.name)})
    have_device_h = device_header_exists(args.qiao_headers)
    tables = args.hipify_tables
    hip_rt = read_hipify(tables and os.path.join(tables, "CUDA_Runtime_API_functions_supported_by_HIP.md"))
    hip_drv = read_hipify(tables and os.path.join(tables, "CUDA_Driver_API_functions_supported_by_HIP.md"))
    hip_dev = read_hipify(tables and os.path.join(tables, "CUDA_Device_API_supported_by_HIP.md"))

    groups = {h: read_groups(os.path.join(args.cuda_include, h))
              for h in ("cuda_runtime_api.h", "cuda.h", "cuda_gl_interop.h", "cudaGL.h",
                        "cuda_egl_interop.h", "cudaEGL.h", "cuda_vdpau_interop.h", "cudaVDPAU.h")
              if os.path.exists(os.path.join(args.cuda_include, h))}

    files = {k: {} for k in ("runtime-functions", "runtime-types", "driver-functions",
                             "driver-types", "device-functions", "device-types")}
    enum_family = {}

    def library_of(header):
        if header in RUNTIME_HEADERS:
            return "runtime"
        if header in DRIVER_HEADERS:
            return "driver"
        if header in DEVICE_HEADERS:
            return "device"
        return None

    def family_for(decl, library):
        if decl.header == "library_types.h":
            return "data-type"
        if decl.kind == "enum-constant":
            # A constant belongs where its enum does (CUDA_ERROR_GRAPH_* is an error code).
            if decl.parent in enum_family:
                return enum_family[decl.parent]
            if decl.parent and decl.parent != "<anonymous>":
                family = family_from_keywords(decl.parent, None)
                if family:
                    return family
        if decl.kind == "function" and decl.header in groups:
            family = group_family(group_at(groups[decl.header], decl.line))
            if family:
                return family
        return family_from_keywords(decl.name)

    def add_host(decl, library, family=None):
        hip_table = hip_rt if library == "runtime" else hip_drv
        bucket = files[f"{library}-{'functions' if decl.kind == 'function' else 'types'}"]
        if decl.name in bucket or any(decl.name in files[k] for k in files):
            return
        family = family or family_for(decl, library)
        if decl.kind == "enum":
            enum_family[decl.name] = family
        if re.match(VECTOR_RE, decl.name):
            # Same name everywhere: a record, so the translator knows to leave it as it is.
            rec = Record(decl.name, decl.kind, "data-type")
            rec.targets["hip"] = (decl.name, "supported")
            rec.targets["qiao"] = (decl.name,
                                   "supported" if decl.name in qiao_names else "unsupported")
            bucket[decl.name] = rec
            return
        rec = Record(decl.name, decl.kind, family)
        row = hip_table.get(decl.name)
        versions_from(rec, row, decl.deprecated)
        hip = row[4] if row and row[4] else ""
        rec.targets["hip"] = (hip, "supported" if hip else "unsupported")
        if decl.name in QIAO_FUTURE_NAMES:
            future = QIAO_FUTURE_NAMES[decl.name]
            rec.targets["qiao"] = (future, "supported" if future in qiao_names else "unsupported")
        elif library == "runtime":
            cands = qiao_candidates_runtime(decl.name, hip)
            chosen = next((c for c in cands if c in qiao_names), None)
            if chosen:
                rec.targets["qiao"] = (chosen, "supported")
            else:
                fallback = cands[0] if cands else ""
                rec.targets["qiao"] = (fallback, "unsupported")
        else:
            # Driver names map to the Qiao runtime only where HIP maps them to its runtime or
            # module API and the Qiao twin of that HIP name exists.
            cand = re.sub(r"^hip", "qiao", re.sub(r"^HIP", "QIAO", hip)) if hip else ""
            if cand and cand in qiao_names:
                rec.targets["qiao"] = (cand, "supported")
            else:
                rec.targets["qiao"] = (cand, "unsupported")
        bucket[decl.name] = rec

    host_prefix = {"runtime": r"^(cuda|CUDA|make_cuda|libraryPropertyType|MAJOR_VERSION|"
                              r"MINOR_VERSION|PATCH_LEVEL|surfaceReference|textureReference|"
                              r"CUuuid_st|CUeglStreamConnection_st|dim3)",
                   "driver": r"^(cu[A-Z]|CU|CUDA|cudaError_enum$)"}

    device_decls, device_type_decls = [], []
    # Enums first, so constants and typedefs inherit the enum's family.
    # The API headers first: the device runtime (cuda_device_runtime_api.h) redeclares some
    # runtime calls and must not decide their family.
    primary = {"cuda_runtime_api.h": 0, "cuda.h": 0, "driver_types.h": 1}
    ordered = sorted(walker.decls, key=lambda d: ({"enum": 0}.get(d.kind, 1),
                                                  primary.get(d.header, 2)))
    for decl in ordered:
        library = library_of(decl.header)
        if library is None:
            continue
        if library == "device":
            if decl.kind == "function":
                device_decls.append(decl)
            elif re.match(DEVICE_TYPE_RE, decl.name):
                device_type_decls.append(decl)
            continue
        if decl.kind != "enum-constant" and not re.match(host_prefix[library], decl.name) \
                and not re.match(VECTOR_RE, decl.name):
            continue
        add_host(decl, library)

    # Macros: function aliases (#define cuMemAlloc cuMemAlloc_v2) are functions under the
    # name users write; the rest are macros.
    for header in sorted(RUNTIME_HEADERS | DRIVER_HEADERS):
        path = os.path.join(args.cuda_include, header)
        if not os.path.exists(path):
            continue
        library = library_of(header)
        for name, line, function_like, body in read_macros(path, host_prefix[library]):
            target = re.match(r"^(?:__CUDA_API_PT\w+\()?(\w+)\)?$", body)
            aliased = None
            if target:
                for k in ("runtime-functions", "driver-functions"):
                    aliased = aliased or files[k].get(target.group(1))
            if aliased and not function_like:
                decl = Decl(name, "function", header, line, False, False)
                add_host(decl, library, aliased.family)
                rec = files[f"{library}-functions"].get(name)
                if rec and not rec.deprecated and aliased.deprecated:
                    rec.deprecated = aliased.deprecated
                continue
            if function_like:
                continue  # helper macros (CU_LAUNCH_PARAM...) are values; __CUDA_API_* are not API
            decl = Decl(name, "macro", header, line, False, False)
            add_host(decl, library)

    # Names HIPIFY records as removed before CUDA 13: not in the headers any more, still in old
    # code; recorded so the translator can say why it cannot convert them.
    for library, table in (("runtime", hip_rt), ("driver", hip_drv)):
        for name, (section, since, dep, removed, hip) in table.items():
            if not removed or "Data types" in section or "Data Types" in section:
                continue
            if any(name in files[k] for k in files):
                continue
            decl = Decl(name, "function", None, 0, False, False)
            family = family_from_keywords(section.replace("Management", ""), None) or \
                family_from_keywords(name)
            add_host(decl, library, family)

    # Device functions keep their CUDA names in Qiao (headers/qiao/device.h provides them).
    supported_device_families = {"math", "intrinsic", "warp", "atomic", "sync", "half",
                                 "bfloat16"}
    bucket = files["device-functions"]
    for decl in device_decls:
        name = decl.name
        if name in bucket or re.match(r"^(__nv_(?!cvt_)|__internal|__cuda|_[a-z]|__fAtomic|__dAtomic|"
                                      r"__u?ll?Atomic|__iAtomic|__uAtomic|__ullAtomic|__stcs_|"
                                      r"__x_|__h_|__copy|__float2half_rn_|operator)", name):
            continue
        family = device_family(name, decl.header)
        rec = Record(name, "device-function", family)
        row = hip_dev.get(name)
        versions_from(rec, row, decl.deprecated)
        hip = row[4] if row and row[4] else ""
        rec.targets["hip"] = (hip, "supported" if hip else "unsupported")
        if have_device_h:
            status = "supported" if name in qiao_names else "unsupported"
        else:
            status = "supported" if family in supported_device_families else "unsupported"
        rec.targets["qiao"] = (name, status)
        bucket[name] = rec
    # Device-side types (__half, __nv_bfloat16, __nv_fp8_e4m3, ...) keep their names too.
    bucket = files["device-types"]
    for decl in sorted(device_type_decls, key=lambda d: {"enum": 0}.get(d.kind, 1)):
        if decl.name in bucket or decl.kind not in ("type", "enum", "enum-constant"):
            continue
        rec = Record(decl.name, decl.kind, device_family(decl.name, decl.header))
        row = hip_dev.get(decl.name)
        versions_from(rec, row, decl.deprecated)
        hip = row[4] if row and row[4] else ""
        rec.targets["hip"] = (hip, "supported" if hip else "unsupported")
        rec.targets["qiao"] = (decl.name,
                               "supported" if decl.name in qiao_names else "unsupported")
        bucket[decl.name] = rec
    return files


# ---------------------------------------------------------------------------------------------
# Include rewrites: our own list (no header parsing can say where a header's content went).
HEADERS = [
    # cuda header, qiao target, witnesses, hip target. The qiao target is supported when the
    # header exists under headers/ and, included alone, declares every witness: names the
    # CUDA header's users rely on, so that a header that exists but lacks the content is not
    # called supported.
    ("cuda_runtime.h", "qiao/qiao_runtime.h", "qiaoMalloc qiaoStream_t dim3", "hip/hip_runtime.h"),
    ("cuda_runtime_api.h", "qiao/qiao_runtime.h", "qiaoMalloc qiaoError_t",
     "hip/hip_runtime_api.h"),
    ("cuda.h", "qiao/qiao_runtime.h", "qiaoModuleLoadData qiaoModuleLaunchKernel",
     "hip/hip_runtime.h"),
    ("driver_types.h", "qiao/qiao_runtime.h", "qiaoError_t qiaoMemcpyKind", "hip/driver_types.h"),
    ("builtin_types.h", "qiao/qiao_runtime.h", "qiaoError_t dim3 int2 float4",
     "hip/hip_runtime_api.h"),
    ("vector_types.h", "qiao/vector_types.h", "int2 float4 uchar4", "hip/hip_vector_types.h"),
    ("vector_functions.h", "qiao/vector_types.h", "make_int2 make_float4",
     "hip/hip_vector_types.h"),
    ("driver_functions.h", "qiao/qiao_runtime.h", "make_qiaoPitchedPtr make_qiaoExtent",
     "hip/hip_runtime_api.h"),
    ("cuda_profiler_api.h", "qiao/qiao_runtime.h", "qiaoProfilerStart", "hip/hip_runtime_api.h"),
    ("cudaProfiler.h", "qiao/qiao_runtime.h", "qiaoProfilerStart", "hip/hip_runtime_api.h"),
    ("cuComplex.h", "qiao/qiao_complex.h", "qiaoFloatComplex qiaoCaddf qiaoCdiv",
     "hip/hip_complex.h"),
    ("library_types.h", "qiao/qiao_runtime.h", "qiaoDataType", "hip/library_types.h"),
    ("channel_descriptor.h", "qiao/qiao_runtime.h", "qiaoCreateChannelDesc",
     "hip/channel_descriptor.h"),
    ("texture_types.h", "qiao/qiao_runtime.h", "qiaoTextureObject_t", "hip/texture_types.h"),
    ("surface_types.h", "qiao/qiao_runtime.h", "qiaoSurfaceObject_t", "hip/surface_types.h"),
    ("cuda_texture_types.h", "qiao/qiao_runtime.h", "qiaoTextureObject_t",
     "hip/hip_texture_types.h"),
    ("cuda_surface_types.h", "qiao/qiao_runtime.h", "qiaoSurfaceObject_t", "hip/surface_types.h"),
    ("device_types.h", "qiao/qiao_runtime.h", "qiaoRoundNearest", ""),
    ("cuda_device_runtime_api.h", "", "", ""),
    ("device_launch_parameters.h", "qiao/device.h", "threadIdx blockIdx blockDim gridDim", ""),
    ("device_functions.h", "qiao/device.h", "__syncthreads __threadfence", "hip/device_functions.h"),
    ("common_functions.h", "qiao/device.h", "clock printf", "hip/hip_runtime.h"),
    ("host_defines.h", "qiao/device.h", "__host__ __device__ __forceinline__", "hip/hip_runtime.h"),
    ("device_atomic_functions.h", "qiao/device.h", "atomicAdd atomicCAS", "hip/hip_runtime.h"),
    ("device_double_functions.h", "qiao/device.h", "__dadd_rn __fma_rn", "hip/hip_runtime.h"),
    ("math_functions.h", "qiao/device.h", "sqrtf rsqrtf sincosf", "hip/hip_math_constants.h"),
    ("math_constants.h", "qiao/device.h", "CUDART_PI_F CUDART_INF_F", "hip/hip_math_constants.h"),
    ("sm_20_intrinsics.h", "qiao/device.h", "__syncthreads_count __ballot_sync",
     "hip/hip_runtime.h"),
    ("sm_20_atomic_functions.h", "qiao/device.h", "atomicAdd", "hip/hip_runtime.h"),
    ("sm_30_intrinsics.h", "qiao/device.h", "__shfl_sync __shfl_down_sync", "hip/hip_runtime.h"),
    ("sm_32_intrinsics.h", "qiao/device.h", "__ldg", "hip/hip_runtime.h"),
    ("sm_32_atomic_functions.h", "qiao/device.h", "atomicMin atomicAnd", "hip/hip_runtime.h"),
    ("sm_35_intrinsics.h", "qiao/device.h", "__ldg", "hip/hip_runtime.h"),
    ("sm_35_atomic_functions.h", "qiao/device.h", "atomicAdd", "hip/hip_runtime.h"),
    ("sm_60_atomic_functions.h", "qiao/device.h", "atomicAdd_block atomicAdd_system",
     "hip/hip_runtime.h"),
    ("sm_61_intrinsics.h", "qiao/device.h", "__dp4a __dp2a_lo", "hip/hip_runtime.h"),
    ("cuda_fp16.h", "qiao/device.h", "__half __half2 __float2half", "hip/hip_fp16.h"),
    ("cuda_bf16.h", "qiao/device.h", "__nv_bfloat16 __float2bfloat16", "hip/hip_bf16.h"),
    ("cuda_fp8.h", "qiao/device.h", "__nv_fp8_e4m3 __nv_fp8_e5m2", "hip/hip_fp8.h"),
    ("cuda_fp6.h", "qiao/device.h", "__nv_fp6_e2m3", ""),
    ("cuda_fp4.h", "qiao/device.h", "__nv_fp4_e2m1", ""),
    ("cooperative_groups.h", "qiao/cooperative_groups.h", "", "hip/hip_cooperative_groups.h"),
    ("cooperative_groups/reduce.h", "qiao/cooperative_groups.h", "",
     "hip/hip_cooperative_groups.h"),
    ("mma.h", "qiao/mma.h", "", ""),
    ("cuda_occupancy.h", "", "", ""),
    ("cuda_pipeline.h", "", "", ""),
    ("cuda_awbarrier.h", "", "", ""),
    ("cuda_gl_interop.h", "", "", "hip/hip_gl_interop.h"),
    ("cudaGL.h", "", "", "hip/hip_gl_interop.h"),
    ("cuda_egl_interop.h", "", "", ""),
    ("cudaEGL.h", "", "", ""),
    ("cuda_vdpau_interop.h", "", "", ""),
    ("cudaVDPAU.h", "", "", ""),
    ("cudaTypedefs.h", "", "", ""),
    ("texture_fetch_functions.h", "", "", "hip/hip_runtime.h"),
]


def header_provides(headers_dir, header, witnesses):
    """Whether <header> exists under headers_dir and, included alone, declares every witness."""
    if not os.path.exists(os.path.join(headers_dir, header)):
        return False
    lines = [f"#include <{header}>", "namespace qiao_probe {"]
    lines += [f"#ifndef {w}\nusing ::{w};\n#endif" for w in witnesses.split()]
    lines.append("}")
    with tempfile.TemporaryDirectory() as tmp:
        tu = os.path.join(tmp, "header.cpp")
        with open(tu, "w") as out:
            out.write("\n".join(lines) + "\n")
        cxx = os.environ.get("CXX", "g++")
        result = subprocess.run([cxx, "-std=c++20", "-fsyntax-only", "-w", "-I", headers_dir, tu],
                                capture_output=True, text=True)
    return result.returncode == 0


def header_records(headers_dir):
    out = {}
    for cuda, qiao, witnesses, hip in HEADERS:
        rec = Record(cuda, "header", "include")
        ok = bool(qiao) and header_provides(headers_dir, qiao, witnesses)
        rec.targets["qiao"] = (qiao, "supported" if ok else "unsupported")
        rec.targets["hip"] = (hip, "supported" if hip else "unsupported")
        out[cuda] = rec
    return out


FAMILY_ORDER = None


def write_file(path, library, kind_label, records):
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             "<!-- Generated by tools/gen_mappings.py, then reviewed; this file is the source of",
             "     truth. Each entry: one CUDA name, its kind and family, CUDA versions where known,",
             "     and one <target> per mapping set. -->",
             f'<mappings library="{library}" contents="{kind_label}" cuda="13.0" '
             'targets="qiao hip">']
    for rec in sorted(records.values(), key=lambda r: (r.family, r.name)):
        attrs = f'cuda={quoteattr(rec.name)} kind="{rec.kind}" family="{rec.family}"'
        for key in ("since", "deprecated", "removed"):
            value = getattr(rec, key)
            if value:
                attrs += f' {key}={quoteattr(value)}'
        lines.append(f"  <entry {attrs}>")
        for target in ("qiao", "hip"):
            to, status = rec.targets[target]
            to_attr = f" to={quoteattr(to)}" if to else ""
            lines.append(f'    <target name="{target}"{to_attr} status="{status}"/>')
        lines.append("  </entry>")
    lines.append("</mappings>")
    with open(path, "w") as out:
        out.write("\n".join(lines) + "\n")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    repo = os.path.abspath(os.path.join(here, "..", "..", ".."))
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--cuda-include", default="/usr/local/cuda/include")
    p.add_argument("--hipify-tables", help="docs/tables of a HIPIFY checkout")
    p.add_argument("--qiao-headers", default=os.path.join(repo, "headers"))
    p.add_argument("--out", default=os.path.abspath(os.path.join(here, "..")))
    args = p.parse_args()
    files = build(args)
    files["headers"] = header_records(args.qiao_headers)
    labels = {"runtime-functions": ("runtime", "functions"),
              "runtime-types": ("runtime", "types"),
              "driver-functions": ("driver", "functions"),
              "driver-types": ("driver", "types"),
              "device-functions": ("device", "functions"),
              "device-types": ("device", "types"),
              "headers": ("headers", "includes")}
    for stem, records in files.items():
        write_file(os.path.join(args.out, stem + ".xml"), *labels[stem], records)
        counts = {}
        for rec in records.values():
            counts[rec.family] = counts.get(rec.family, 0) + 1
        print(f"{stem}.xml: {len(records)} entries; " +
              ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))


if __name__ == "__main__":
    main()
