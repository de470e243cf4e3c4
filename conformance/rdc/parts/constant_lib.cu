// The other translation unit of rdc/cross_file_constant.cu.
__constant__ int coefficients[4];

__device__ int triple(int x) { return 3 * x; }
typedef int (*IntOp)(int);
__device__ IntOp tripleOp = triple;
