// A source including another .cu file (a common way to share kernels): that file becomes
// kernels.cpp in the translated tree, so the include follows; .cuh headers keep their names.
#include "kernels.cu"
#include "helpers.cuh"

int main() { return 0; }
