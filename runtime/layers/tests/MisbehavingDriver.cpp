// libqiao-driver-misbehave.so: a driver that answers against its contract, for the validate
// layer's tests. Every slot succeeds and does nothing, except:
//   memAlloc   returns qiaoDrvErrorInvalidPtx, which memAlloc's contract does not list;
//   queueCreate succeeds without writing a queue (NULL);
//   eventCreate returns the same event every time, while the first is still live;
//   deviceInfo overwrites the structSize the runtime set.
#include <qiao/driver.h>

namespace {

template <auto Member> struct DoNothing;
template <class... A, qiaoDrvStatus (*qiaoDriverTable::*Member)(A...)> struct DoNothing<Member> {
  static qiaoDrvStatus call(A...) { return qiaoDrvSuccess; }
};

qiaoDrvStatus deviceCount(int32_t *count) {
  *count = 1;
  return qiaoDrvSuccess;
}

qiaoDrvStatus deviceInfo(int32_t, qiaoDrvDeviceInfo *info) {
  info->structSize = 12;
  return qiaoDrvSuccess;
}

qiaoDrvStatus memAlloc(int32_t, uint64_t, qiaoDrvMemKind, uint32_t, void **) {
  return qiaoDrvErrorInvalidPtx;
}

qiaoDrvStatus queueCreate(int32_t, uint32_t, int32_t, qiaoDrvQueue *queue) {
  *queue = nullptr;
  return qiaoDrvSuccess;
}

qiaoDrvStatus eventCreate(uint32_t, qiaoDrvEvent *event) {
  static int theOnlyEvent;
  *event = reinterpret_cast<qiaoDrvEvent>(&theOnlyEvent);
  return qiaoDrvSuccess;
}

qiaoDriverTable makeTable() {
  qiaoDriverTable table{};
  table.struct_size = sizeof table;
  table.abi_version = QIAO_DRIVER_ABI_VERSION;
  table.name = "misbehave";
  table.formats = QIAO_DRV_FORMAT_PTX;
#define QIAO_DRIVER_SLOT(slot, ...) table.slot = &DoNothing<&qiaoDriverTable::slot>::call;
#include "DriverSlots.def"
#undef QIAO_DRIVER_SLOT
  table.deviceCount = deviceCount;
  table.deviceInfo = deviceInfo;
  table.memAlloc = memAlloc;
  table.queueCreate = queueCreate;
  table.eventCreate = eventCreate;
  return table;
}

} // namespace

extern "C" __attribute__((visibility("default"))) const qiaoDriverTable *
qiaoDriverGetTable(uint32_t abiVersion) {
  static const qiaoDriverTable table = makeTable();
  return abiVersion == QIAO_DRIVER_ABI_VERSION ? &table : nullptr;
}
