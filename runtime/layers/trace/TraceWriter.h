// Writes a Chrome trace / Perfetto timeline in the JSON Array Format: "[" then one event object
// per line, separated by commas, and "]" when the process exits through exit() or a return from
// main (an atexit handler). Events go to the file as they happen, so a process that dies without
// its exit handlers still leaves an array without its closing bracket, which chrome://tracing and
// ui.perfetto.dev open (the format lets the bracket be left off) but a strict JSON reader does not.
#pragma once

#include <cstdint>
#include <cstdio>
#include <map>
#include <mutex>
#include <string>

namespace qiao::layers::trace {

class TraceWriter {
public:
  // Opens `path` (truncating it); false when it cannot, with the reason on stderr.
  bool open(const std::string &path);
  // Microseconds since the writer opened.
  double now() const;

  // The calling thread's track (its thread id), named on first use.
  int64_t hostThreadTrack();
  // A track of its own for a queue: "queue N (device D)", listed after the host threads.
  int64_t queueTrack(const void *queue, int32_t device);

  // A complete event ("X"): name on track from start for duration microseconds. args is a JSON
  // object's text or empty.
  void span(int64_t track, const std::string &name, const char *category, double start,
            double duration, const std::string &args);
  // An instant event ("i") on a track.
  void instant(int64_t track, const std::string &name, const char *category, double at,
               const std::string &args);
  // Writes the closing bracket; later events are dropped.
  void close();

private:
  void write(const std::string &event); // with mutex_ held
  void nameTrack(int64_t track, const std::string &name, int64_t sortIndex);

  mutable std::mutex mutex_;
  std::FILE *file_ = nullptr;
  bool first_ = true;
  int64_t pid_ = 0;
  int64_t start_ = 0; // steady clock, nanoseconds
  std::map<int64_t, bool> namedThreads_;
  std::map<const void *, int64_t> queueTracks_;
  int64_t hostThreads_ = 0;
};

// s as a JSON string literal, quotes included.
std::string jsonString(const std::string &s);

} // namespace qiao::layers::trace
