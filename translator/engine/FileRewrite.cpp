#include "FileRewrite.h"

#include <algorithm>
#include <cctype>
#include <tuple>

namespace qiao::translate {

namespace {

const DiagnosticInfo kDiagnostics[] = {
#define QIAO_DIAGNOSTIC(ID, SEVERITY, SUMMARY) {#ID, Severity::SEVERITY, SUMMARY},
#include "Diagnostics.def"
#undef QIAO_DIAGNOSTIC
};

// The comment left before a name the target does not support. Its exact text is how a second
// run over the output recognises its own marker and adds no other.
std::string unsupportedMarker(std::string_view name) {
  return "/* qiao-translate: unsupported " + std::string(name) + " */ ";
}

} // namespace

const DiagnosticInfo *findDiagnostic(std::string_view id) {
  for (const DiagnosticInfo &d : kDiagnostics)
    if (d.id == id)
      return &d;
  return nullptr;
}

bool looksLikeCudaName(std::string_view name) {
  auto upperAt = [&](std::size_t i) {
    return name.size() > i && std::isupper(static_cast<unsigned char>(name[i]));
  };
  return (name.starts_with("cuda") && upperAt(4)) || (name.starts_with("cu") && upperAt(2)) ||
         name.starts_with("CUDA_") || name.starts_with("CU_") || name.starts_with("CUDART_") ||
         (name.starts_with("CU") && name.size() > 3 &&
          std::islower(static_cast<unsigned char>(name[2])));
}

FileRewrite::FileRewrite(const mappings::MappingDatabase &db, std::string target,
                         std::string fileName, std::string text)
    : db_(db), target_(std::move(target)), fileName_(std::move(fileName)), text_(std::move(text)) {
  lineStarts_.push_back(0);
  for (std::size_t i = 0; i < text_.size(); ++i)
    if (text_[i] == '\n')
      lineStarts_.push_back(i + 1);
}

Location FileRewrite::locationOf(std::size_t offset) const {
  auto it = std::upper_bound(lineStarts_.begin(), lineStarts_.end(), offset);
  const std::size_t line = static_cast<std::size_t>(it - lineStarts_.begin());
  return {fileName_, static_cast<unsigned>(line),
          static_cast<unsigned>(offset - lineStarts_[line - 1] + 1)};
}

void FileRewrite::addSkippedRange(std::size_t begin, std::size_t end) {
  // Merged with the ranges it touches, so that the one starting last at or before an offset is
  // the only one that can hold it.
  auto it = skipped_.upper_bound(begin);
  if (it != skipped_.begin() && std::prev(it)->second >= begin)
    --it;
  while (it != skipped_.end() && it->first <= end) {
    begin = std::min(begin, it->first);
    end = std::max(end, it->second);
    it = skipped_.erase(it);
  }
  skipped_.emplace(begin, end);
}

bool FileRewrite::isSkipped(std::size_t offset) const {
  auto after = skipped_.upper_bound(offset);
  return after != skipped_.begin() && std::prev(after)->second > offset;
}

bool FileRewrite::needsAction(std::string_view name) const {
  auto resolved = db_.lookup(name, target_);
  if (!resolved)
    return db_.find(name) != nullptr; // known to CUDA, absent from this mapping set
  return resolved->target->status != mappings::Status::Supported ||
         resolved->target->name.empty() || resolved->target->name != name;
}

void FileRewrite::addReference(std::string_view name, std::size_t offset, bool converted,
                               Method method, std::string_view familyOverride) {
  const mappings::Record *rec = db_.find(name);
  const std::string family = !familyOverride.empty()  ? std::string(familyOverride)
                             : rec                    ? rec->family
                             : name == "<<<>>>"       ? "launch"
                             : name.starts_with("__") ? "keyword"
                                                      : "unknown";
  references_.push_back({std::string(name), family, locationOf(offset), converted, method});
}

void FileRewrite::renameAt(std::size_t offset, std::string_view name, Method method) {
  if (decided_.count(offset) || protected_.count(offset) || edits_.covers(offset))
    return;
  // Only where the original text spells this very name: a location Clang derived (an implicit
  // call, a name pasted together) is not ours to edit.
  if (offset + name.size() > text_.size() ||
      std::string_view(text_).substr(offset, name.size()) != name)
    return;
  decided_.insert(offset);
  const mappings::Record *rec = db_.find(name);
  if (!rec) {
    if (looksLikeCudaName(name)) {
      addReference(name, offset, false, method);
      diagnose("QT2002", offset, "`" + std::string(name) + "` is not in the mapping database");
    }
    return;
  }
  if (rec->kind == mappings::Kind::Function || rec->kind == mappings::Kind::Type ||
      rec->kind == mappings::Kind::Enum || rec->kind == mappings::Kind::EnumConstant ||
      rec->kind == mappings::Kind::Macro)
    usesRuntime = true;
  auto resolved = db_.lookup(name, target_);
  if (resolved && resolved->target->status == mappings::Status::Supported &&
      !resolved->target->name.empty()) {
    if (resolved->target->name != name)
      edits_.replace(offset, name.size(), resolved->target->name);
    addReference(name, offset, true, method);
    if (!rec->removed.empty())
      diagnose("QT2009", offset,
               "`" + std::string(name) + "` was removed in CUDA " + rec->removed + "; mapped to `" +
                   resolved->target->name + "`, its successor's counterpart");
    return;
  }
  markUnsupported(offset, offset, name, method, "`" + std::string(name) + "`");
}

namespace {
// Headers of CUDA's libraries, out of the translator's scope for now.
bool isCudaLibraryHeader(std::string_view header) {
  static const std::string_view kPrefixes[] = {"cublas",  "curand", "cufft", "cusparse", "cusolver",
                                               "nccl",    "cudnn",  "npp",   "nvjpeg",   "cutensor",
                                               "thrust/", "cub/",   "nvtx",  "cufile"};
  for (std::string_view prefix : kPrefixes)
    if (header.starts_with(prefix))
      return true;
  return false;
}
} // namespace

void FileRewrite::includeAt(std::size_t hashOffset, std::size_t nameOffset, std::size_t length,
                            std::string_view header, Method method) {
  if (decided_.count(nameOffset) || edits_.covers(nameOffset))
    return;
  decided_.insert(nameOffset);
  const mappings::Record *rec = db_.find(header);
  if (!rec || rec->kind != mappings::Kind::Header) {
    // `#include "kernels.cu"`: the translated tree names that file kernels.cpp (.cu sources
    // become .cpp), so the include follows it.
    if (header.ends_with(".cu") && text_[nameOffset] == '"') {
      edits_.replace(nameOffset + length - 2, 1, "pp");
      addReference(header, nameOffset, true, method, "include");
      return;
    }
    if (isCudaLibraryHeader(header)) {
      includedHeaders.insert(std::string(header));
      diagnose("QT2008", nameOffset, "<" + std::string(header) + ">");
      addReference(header, nameOffset, false, method, "library");
    }
    return;
  }
  auto resolved = db_.lookup(header, target_);
  if (resolved && resolved->target->status == mappings::Status::Supported &&
      !resolved->target->name.empty()) {
    edits_.replace(nameOffset, length, "<" + resolved->target->name + ">");
    includedHeaders.insert(resolved->target->name);
    addReference(header, nameOffset, true, method);
    return;
  }
  markUnsupported(hashOffset, nameOffset, header, method, "<" + std::string(header) + ">");
}

void FileRewrite::markUnsupported(std::size_t markAt, std::size_t offset, std::string_view name,
                                  Method method, const std::string &spelled) {
  // A second run finds its own marker in front and adds no other.
  if (!markedUnsupported(markAt, name))
    edits_.insert(markAt, unsupportedMarker(name));
  addReference(name, offset, false, method);
  diagnose("QT2001", offset,
           spelled + " has no supported counterpart in the '" + target_ + "' mapping set");
}

bool FileRewrite::markedUnsupported(std::size_t markAt, std::string_view name) const {
  const std::string marker = unsupportedMarker(name);
  return markAt >= marker.size() &&
         std::string_view(text_).substr(markAt - marker.size(), marker.size()) == marker;
}

void FileRewrite::diagnose(std::string_view id, std::size_t offset, std::string message) {
  if (!diagnosed_.insert({std::string(id), offset}).second)
    return;
  const DiagnosticInfo *info = findDiagnostic(id);
  diagnostics_.push_back({std::string(id), info ? info->severity : Severity::Warning,
                          locationOf(offset), std::move(message)});
}

void FileRewrite::diagnoseFile(std::string_view id, std::string message) {
  const DiagnosticInfo *info = findDiagnostic(id);
  diagnostics_.push_back({std::string(id), info ? info->severity : Severity::Warning,
                          Location{fileName_, 0, 0}, std::move(message)});
}

FileResult FileRewrite::finish(std::filesystem::path input) {
  FileResult result;
  result.input = std::move(input);
  result.translated = edits_.apply(text_);
  // Region by region: outside the lines the edits touch, the texts are the same.
  for (const EditList::Region &r : edits_.changedRegions(text_))
    result.changedLines += countChangedLines(
        std::string_view(text_).substr(r.begin, r.end - r.begin),
        std::string_view(result.translated).substr(r.outBegin, r.outEnd - r.outBegin));
  result.original = std::move(text_);
  std::sort(references_.begin(), references_.end(), [](const Reference &a, const Reference &b) {
    return std::tie(a.where.line, a.where.column) < std::tie(b.where.line, b.where.column);
  });
  std::stable_sort(
      diagnostics_.begin(), diagnostics_.end(), [](const Diagnostic &a, const Diagnostic &b) {
        return std::tie(a.where.line, a.where.column) < std::tie(b.where.line, b.where.column);
      });
  result.references = std::move(references_);
  result.diagnostics = std::move(diagnostics_);
  return result;
}

} // namespace qiao::translate
