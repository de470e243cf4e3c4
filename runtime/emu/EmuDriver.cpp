#include "EmuDriver.h"

#include "EmuEntryPoints.h"

namespace {

using namespace qiao::emu;

qiaoDriverTable makeTable() {
  qiaoDriverTable table{};
  table.struct_size = sizeof(qiaoDriverTable);
  table.abi_version = QIAO_DRIVER_ABI_VERSION;
  table.name = "emu";
  table.formats = QIAO_DRV_FORMAT_PTX;
  table.init = entry::init;
  table.deviceCount = entry::deviceCount;
  table.deviceInfo = entry::deviceInfo;
  table.memInfo = entry::memInfo;
  table.setLimit = entry::setLimit;
  table.getLimit = entry::getLimit;
  table.deviceReset = entry::deviceReset;
  table.memAlloc = entry::memAlloc;
  table.memFree = entry::memFree;
  table.memRegister = entry::memRegister;
  table.memUnregister = entry::memUnregister;
  table.pointerInfo = entry::pointerInfo;
  table.queueCreate = entry::queueCreate;
  table.queueDestroy = entry::queueDestroy;
  table.enqueueCopy = entry::enqueueCopy;
  table.enqueueCopy2D = entry::enqueueCopy2D;
  table.enqueueFill = entry::enqueueFill;
  table.enqueueLaunch = entry::enqueueLaunch;
  table.enqueueHostFn = entry::enqueueHostFn;
  table.enqueueEventRecord = entry::enqueueEventRecord;
  table.enqueueEventWait = entry::enqueueEventWait;
  table.queueQuery = entry::queueQuery;
  table.queueSynchronize = entry::queueSynchronize;
  table.eventCreate = entry::eventCreate;
  table.eventDestroy = entry::eventDestroy;
  table.eventQuery = entry::eventQuery;
  table.eventSynchronize = entry::eventSynchronize;
  table.eventElapsed = entry::eventElapsed;
  table.moduleLoad = entry::moduleLoad;
  table.moduleUnload = entry::moduleUnload;
  table.moduleGetFunction = entry::moduleGetFunction;
  table.moduleGetGlobal = entry::moduleGetGlobal;
  table.functionInfo = entry::functionInfo;
  table.functionParams = entry::functionParams;
  table.functionName = entry::functionName;
  table.moduleLink = entry::moduleLink;
  table.enqueueHostKernel = entry::enqueueHostKernel;
  table.textureCreate = entry::textureCreate;
  table.textureDestroy = entry::textureDestroy;
  table.peerAccess = entry::peerAccess;
  return table;
}

} // namespace

extern "C" const qiaoDriverTable *qiaoEmuDriverGetTable(uint32_t abiVersion) {
  // driver.h: the table returned reports the ABI asked for; this driver knows only its own.
  if (abiVersion != QIAO_DRIVER_ABI_VERSION)
    return nullptr;
  static const qiaoDriverTable table = makeTable();
  return &table;
}
