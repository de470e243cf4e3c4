// The host side of corpus/host_program: nothing to run; the fuzzer reads the executable's
// .nvFatBinSegment wrappers and .nv_fatbin section, which nvcc links in for tiny.cu's kernels.
int main() { return 0; }
