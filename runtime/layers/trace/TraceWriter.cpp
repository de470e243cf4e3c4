#include "TraceWriter.h"

#include <chrono>
#include <cstring>
#include <sys/syscall.h>
#include <unistd.h>

namespace qiao::layers::trace {
namespace {

// Queue tracks use thread ids no kernel hands out (Linux's pid_max is at most 2^22).
constexpr int64_t kFirstQueueTrack = int64_t(1) << 30;

int64_t steadyNanoseconds() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

std::string number(double value) {
  char text[40];
  std::snprintf(text, sizeof text, "%.3f", value);
  return text;
}

} // namespace

std::string jsonString(const std::string &s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
    case '"':
      out += "\\\"";
      break;
    case '\\':
      out += "\\\\";
      break;
    case '\n':
      out += "\\n";
      break;
    case '\t':
      out += "\\t";
      break;
    default:
      if (c < 0x20) {
        char escaped[8];
        std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
        out += escaped;
      } else {
        out += static_cast<char>(c);
      }
    }
  }
  return out + "\"";
}

bool TraceWriter::open(const std::string &path) {
  std::lock_guard lock(mutex_);
  file_ = std::fopen(path.c_str(), "w");
  if (!file_) {
    std::fprintf(stderr, "qiao: trace layer: cannot write %s: %s\n", path.c_str(),
                 std::strerror(errno));
    return false;
  }
  pid_ = getpid();
  start_ = steadyNanoseconds();
  std::fputs("[\n", file_);
  write("{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":" + std::to_string(pid_) +
        ",\"args\":{\"name\":\"qiao seam\"}}");
  return true;
}

double TraceWriter::now() const { return double(steadyNanoseconds() - start_) / 1000.0; }

void TraceWriter::write(const std::string &event) {
  if (!file_)
    return;
  std::fputs(first_ ? "" : ",\n", file_);
  first_ = false;
  std::fputs(event.c_str(), file_);
  // Flushed per event: what a crashing program did last is what one wants to see.
  std::fflush(file_);
}

void TraceWriter::nameTrack(int64_t track, const std::string &name, int64_t sortIndex) {
  std::string head =
      "{\"ph\":\"M\",\"pid\":" + std::to_string(pid_) + ",\"tid\":" + std::to_string(track);
  write(head + ",\"name\":\"thread_name\",\"args\":{\"name\":" + jsonString(name) + "}}");
  write(head + ",\"name\":\"thread_sort_index\",\"args\":{\"sort_index\":" +
        std::to_string(sortIndex) + "}}");
}

int64_t TraceWriter::hostThreadTrack() {
  int64_t tid = syscall(SYS_gettid);
  std::lock_guard lock(mutex_);
  if (!namedThreads_[tid]) {
    namedThreads_[tid] = true;
    ++hostThreads_;
    nameTrack(tid, tid == pid_ ? "main thread" : "host thread " + std::to_string(tid),
              hostThreads_);
  }
  return tid;
}

int64_t TraceWriter::queueTrack(const void *queue, int32_t device) {
  std::lock_guard lock(mutex_);
  auto [it, added] = queueTracks_.emplace(queue, kFirstQueueTrack + int64_t(queueTracks_.size()));
  if (added)
    nameTrack(it->second,
              "queue " + std::to_string(it->second - kFirstQueueTrack + 1) + " (device " +
                  std::to_string(device) + ")",
              1000 + it->second - kFirstQueueTrack);
  return it->second;
}

void TraceWriter::span(int64_t track, const std::string &name, const char *category, double start,
                       double duration, const std::string &args) {
  std::string event = "{\"name\":" + jsonString(name) + ",\"cat\":\"" + category +
                      "\",\"ph\":\"X\",\"ts\":" + number(start) + ",\"dur\":" + number(duration) +
                      ",\"pid\":" + std::to_string(pid_) + ",\"tid\":" + std::to_string(track);
  if (!args.empty())
    event += ",\"args\":" + args;
  std::lock_guard lock(mutex_);
  write(event + "}");
}

void TraceWriter::instant(int64_t track, const std::string &name, const char *category, double at,
                          const std::string &args) {
  std::string event = "{\"name\":" + jsonString(name) + ",\"cat\":\"" + category +
                      "\",\"ph\":\"i\",\"s\":\"t\",\"ts\":" + number(at) +
                      ",\"pid\":" + std::to_string(pid_) + ",\"tid\":" + std::to_string(track);
  if (!args.empty())
    event += ",\"args\":" + args;
  std::lock_guard lock(mutex_);
  write(event + "}");
}

void TraceWriter::close() {
  std::lock_guard lock(mutex_);
  if (!file_)
    return;
  std::fputs("\n]\n", file_);
  std::fclose(file_);
  file_ = nullptr;
}

} // namespace qiao::layers::trace
