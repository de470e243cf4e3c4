// The behaviour of a generated stub (see NotSupported.h).
#include "NotSupported.h"

#include <qiao/qiao_internal.h>

#include <cstdio>
#include <string>

namespace qiao::cudart {

int notSupported(const char *name, OnceFlag &once) {
  // Once per name, not per call: a program that polls an unsupported call must not flood stderr.
  if (!once.exchange(true))
    std::fprintf(stderr, "qiao: %s is not supported yet\n", name);
  std::string why = std::string(name) + " is not supported yet";
  return static_cast<int>(qiaoInternalRecordError(qiaoErrorNotSupported, why.c_str()));
}

} // namespace qiao::cudart
