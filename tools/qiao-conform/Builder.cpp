#include "Builder.h"

#include "Hash.h"
#include "Process.h"
#include "WorkPool.h"

#include <unistd.h>

#include <cstdlib>
#include <functional>
#include <sstream>
#include <thread>

namespace fs = std::filesystem;

namespace qiao::conform {
namespace {

constexpr double kBuildTimeoutSeconds = 600;

std::string commandLine(const std::vector<std::string> &argv) {
  std::string line;
  for (const std::string &arg : argv)
    line += (line.empty() ? "" : " ") + arg;
  return line;
}

// Runs a build command; on failure appends the command and its output to log.
bool runBuildStep(const std::vector<std::string> &argv, std::string &log) {
  ProcessRequest request;
  request.argv = argv;
  request.timeoutSeconds = kBuildTimeoutSeconds;
  const ProcessResult result = runProcess(request);
  if (result.started && !result.timedOut && result.signal == 0 && result.exitCode == 0)
    return true;
  log += "$ " + commandLine(argv) + "\n" + result.out + result.err + result.startError;
  if (result.timedOut)
    log += "(killed after " + std::to_string(static_cast<int>(kBuildTimeoutSeconds)) + " s)\n";
  else if (result.signal)
    log += "(ended by " + signalName(result.signal) + ")\n";
  else if (result.started)
    log += "(exit code " + std::to_string(result.exitCode) + ")\n";
  return false;
}

std::string versionOf(const fs::path &tool) {
  ProcessRequest request;
  request.argv = {tool.string(), "--version"};
  request.timeoutSeconds = 60;
  const ProcessResult result = runProcess(request);
  return result.out + result.err;
}

// The binary's identity for the cache: size and modification time change whenever it is rebuilt.
std::string binaryStamp(const fs::path &file) {
  std::error_code ec;
  const auto size = fs::file_size(file, ec);
  const auto time = fs::last_write_time(file, ec).time_since_epoch().count();
  return file.string() + ":" + std::to_string(size) + ":" + std::to_string(time);
}

// A name unique to this process and thread, so that concurrent runs sharing a cache never see a
// half-written file: outputs are written there and renamed into place.
fs::path temporaryBeside(const fs::path &target) {
  std::ostringstream name;
  name << target.filename().string() << ".tmp." << getpid() << "."
       << std::hash<std::thread::id>()(std::this_thread::get_id());
  return target.parent_path() / name.str();
}

bool publish(const fs::path &temporary, const fs::path &target, std::string &log) {
  std::error_code ec;
  fs::rename(temporary, target, ec);
  if (ec)
    log += "cannot move " + temporary.string() + " to " + target.string() + ": " + ec.message();
  return !ec;
}

std::vector<fs::path> sourcesOf(const Program &program) {
  std::vector<fs::path> sources{program.source};
  sources.insert(sources.end(), program.parts.begin(), program.parts.end());
  return sources;
}

} // namespace

Builder::Builder(Toolchain toolchain) : toolchain_(std::move(toolchain)) {
  Hasher nvcc;
  if (!toolchain_.nvcc.empty())
    nvcc.add(versionOf(toolchain_.nvcc)).add(versionOf(toolchain_.hostCompiler));
  for (const std::string &flag : toolchain_.nvccArch)
    nvcc.add(flag);
  nvcc.addTree(toolchain_.includeDir);
  nvccFingerprint_ = nvcc.hex();

  const char *cxx = std::getenv("QIAO_CXX");
  Hasher translated;
  translated.add(binaryStamp(toolchain_.qiaoTranslate))
      .add(binaryStamp(toolchain_.qiaoCxx))
      .add(versionOf(cxx && *cxx ? fs::path(cxx) : fs::path("c++")))
      .addTree(toolchain_.translatorData)
      .addTree(toolchain_.qiaoHeaders)
      .addTree(toolchain_.includeDir);
  translatedFingerprint_ = translated.hex();
}

std::string Builder::nvccKey(const Program &program) const {
  Hasher key;
  key.add(nvccFingerprint_);
  for (const std::string &flag : program.nvccFlags)
    key.add(flag);
  for (const std::string &library : program.libraries)
    key.add(library);
  for (const fs::path &source : sourcesOf(program))
    key.addFile(source);
  return key.hex();
}

std::string Builder::translatedKey(const Program &program) const {
  Hasher key;
  key.add(translatedFingerprint_);
  for (const std::string &library : program.libraries)
    key.add(library);
  for (const fs::path &source : sourcesOf(program))
    key.add(fs::relative(source, program.source.parent_path()).string()).addFile(source);
  return key.hex();
}

const Build &Builder::build(const Program &program, Mode mode) const {
  static const Build missing{false, {}, "not built"};
  auto it = builds_.find({program.id(), mode == Mode::Native ? Mode::ShimStatic : mode});
  return it == builds_.end() ? missing : it->second;
}

void Builder::buildNvcc(const Program &program, bool shared, bool staticRuntime) {
  Build *sharedBuild = shared ? &builds_[{program.id(), Mode::Shim}] : nullptr;
  Build *staticBuild = staticRuntime ? &builds_[{program.id(), Mode::ShimStatic}] : nullptr;
  std::string log;
  auto fail = [&](const std::string &why) {
    for (Build *build : {sharedBuild, staticBuild})
      if (build)
        build->log = why + log;
  };
  if (toolchain_.nvcc.empty())
    return fail("nvcc not found (give --nvcc, or put the CUDA toolkit on PATH)\n");

  const std::string key = nvccKey(program);
  const fs::path objects = toolchain_.cacheDir / "objects" / key;
  std::error_code ec;
  fs::create_directories(objects, ec);
  std::vector<std::string> objectFiles;
  const std::vector<fs::path> sources = sourcesOf(program);
  for (size_t i = 0; i < sources.size(); ++i) {
    const fs::path object = objects / (std::to_string(i) + "-" + sources[i].stem().string() + ".o");
    objectFiles.push_back(object.string());
    if (fs::exists(object, ec))
      continue;
    const fs::path temporary = temporaryBeside(object);
    std::vector<std::string> argv{toolchain_.nvcc.string(), "-ccbin",
                                  toolchain_.hostCompiler.string()};
    argv.insert(argv.end(), toolchain_.nvccArch.begin(), toolchain_.nvccArch.end());
    argv.insert(argv.end(), program.nvccFlags.begin(), program.nvccFlags.end());
    argv.insert(argv.end(), {"-I", toolchain_.includeDir.string(), "-c", sources[i].string(), "-o",
                             temporary.string()});
    if (!runBuildStep(argv, log) || !publish(temporary, object, log))
      return fail("");
  }

  auto link = [&](Build *build, const char *modeDir, bool sharedRuntime) {
    if (!build)
      return;
    const fs::path binary = toolchain_.cacheDir / modeDir / key / "program";
    build->binary = binary;
    if (fs::exists(binary, ec)) {
      build->ok = true;
      return;
    }
    fs::create_directories(binary.parent_path(), ec);
    const fs::path temporary = temporaryBeside(binary);
    std::vector<std::string> argv{toolchain_.nvcc.string(), "-ccbin",
                                  toolchain_.hostCompiler.string()};
    argv.insert(argv.end(), toolchain_.nvccArch.begin(), toolchain_.nvccArch.end());
    argv.insert(argv.end(), program.nvccFlags.begin(), program.nvccFlags.end());
    if (sharedRuntime)
      argv.insert(argv.end(), {"-cudart", "shared"});
    argv.insert(argv.end(), objectFiles.begin(), objectFiles.end());
    for (const std::string &library : program.libraries)
      argv.push_back("-l" + library);
    argv.insert(argv.end(), {"-o", temporary.string()});
    std::string linkLog;
    build->ok = runBuildStep(argv, linkLog) && publish(temporary, binary, linkLog);
    build->log = linkLog;
  };
  link(sharedBuild, "shim", true);
  link(staticBuild, "shim-static", false);
}

void Builder::translateBatch(const std::vector<const Program *> &programs) {
  std::error_code ec;
  stage_ = toolchain_.cacheDir / "translated" / ("stage-" + std::to_string(getpid()));
  fs::remove_all(stage_, ec);
  const fs::path source = stage_ / "src";
  fs::create_directories(source, ec);
  fs::copy(toolchain_.includeDir, source / "include", fs::copy_options::recursive, ec);
  for (const Program *program : programs)
    for (const fs::path &file : sourcesOf(*program)) {
      const fs::path target =
          source / program->area / fs::relative(file, program->source.parent_path());
      fs::create_directories(target.parent_path(), ec);
      fs::copy_file(file, target, fs::copy_options::overwrite_existing, ec);
    }
  std::string log;
  const bool ok =
      runBuildStep({toolchain_.qiaoTranslate.string(), "-j", std::to_string(toolchain_.jobs),
                    source.string(), "-o", (stage_ / "out").string()},
                   log);
  if (ok)
    return;
  // Each program's failure names what the translator said about it, or everything it said.
  for (const Program *program : programs) {
    std::string mine;
    for (const std::string &line : splitList(log, '\n'))
      if (line.find("/" + program->area + "/" + program->name + ".") != std::string::npos)
        mine += line + "\n";
    translateLog_[program->id()] = mine.empty() ? log : mine;
  }
}

void Builder::compileTranslated(const Program &program) {
  Build &build = builds_[{program.id(), Mode::Translated}];
  const std::string key = translatedKey(program);
  build.binary = toolchain_.cacheDir / "translated" / key / "program";
  std::error_code ec;
  if (fs::exists(build.binary, ec)) {
    build.ok = true;
    return;
  }
  std::vector<std::string> argv{toolchain_.qiaoCxx.string(), "-O1", "-I",
                                (stage_ / "out" / "include").string()};
  for (const fs::path &file : sourcesOf(program)) {
    fs::path translated =
        stage_ / "out" / program.area / fs::relative(file, program.source.parent_path());
    if (translated.extension() == ".cu")
      translated.replace_extension(".cpp");
    if (!fs::exists(translated, ec)) {
      build.log = "qiao-translate wrote no " + translated.string() + "\n";
      auto it = translateLog_.find(program.id());
      if (it != translateLog_.end())
        build.log += it->second;
      return;
    }
    argv.push_back(translated.string());
  }
  for (const std::string &library : program.libraries)
    argv.push_back("-l" + library);
  fs::create_directories(build.binary.parent_path(), ec);
  const fs::path temporary = temporaryBeside(build.binary);
  argv.insert(argv.end(), {"-o", temporary.string()});
  build.ok = runBuildStep(argv, build.log) && publish(temporary, build.binary, build.log);
  if (!build.ok && translateLog_.count(program.id()))
    build.log += "qiao-translate said:\n" + translateLog_[program.id()];
}

void Builder::buildAll(const std::vector<const Program *> &programs, const std::vector<Mode> &modes,
                       Progress &progress) {
  auto wants = [&](Mode mode) {
    for (Mode m : modes)
      if (m == mode)
        return true;
    return false;
  };
  struct Job {
    const Program *program;
    bool nvccShared, nvccStatic, translated;
  };
  std::vector<Job> jobs;
  std::vector<const Program *> toTranslate;
  for (const Program *program : programs) {
    Job job{program, wants(Mode::Shim) && program->modes.count(Mode::Shim) > 0,
            (wants(Mode::ShimStatic) && program->modes.count(Mode::ShimStatic) > 0) ||
                (wants(Mode::Native) && program->modes.count(Mode::Native) > 0),
            wants(Mode::Translated) && program->modes.count(Mode::Translated) > 0};
    // Every entry exists before the workers start: they only write their own.
    if (job.nvccShared)
      builds_[{program->id(), Mode::Shim}];
    if (job.nvccStatic)
      builds_[{program->id(), Mode::ShimStatic}];
    if (job.translated) {
      builds_[{program->id(), Mode::Translated}];
      std::error_code ec;
      if (!fs::exists(toolchain_.cacheDir / "translated" / translatedKey(*program) / "program", ec))
        toTranslate.push_back(program);
    }
    if (job.nvccShared || job.nvccStatic || job.translated)
      jobs.push_back(job);
  }
  if (!toTranslate.empty()) {
    progress.start("translate " + std::to_string(toTranslate.size()) + " programs", 1);
    translateBatch(toTranslate);
    progress.step();
  }
  progress.start("build", jobs.size());
  parallelFor(jobs.size(), toolchain_.jobs, [&](size_t i) {
    const Job &job = jobs[i];
    if (job.nvccShared || job.nvccStatic)
      buildNvcc(*job.program, job.nvccShared, job.nvccStatic);
    if (job.translated)
      compileTranslated(*job.program);
    progress.step();
  });
  progress.finish();
  if (!stage_.empty()) {
    std::error_code ec;
    fs::remove_all(stage_, ec);
  }
}

} // namespace qiao::conform
