#pragma once

#include <string>

#include "core/util/result.h"

namespace latent::export_ {

// Whether something (file, folder, link) is at `path`.
bool outputExists(const std::string& path);

// `path` without trailing slashes ("frames/" -> "frames"), so folder targets rename cleanly.
std::string withoutTrailingSlash(std::string path);

// The file every folder export writes last into its folder: a first line "latent-export 1", then
// the name of each file the export wrote, one a line. It is how a later export with force knows
// which files are ours to replace.
constexpr const char* kExportManifest = ".latent-export";

// A temporary folder beside `target` that commit() turns into `target`, and that is removed with
// its contents otherwise: a new export folder appears whole or not at all. With `force` an existing
// folder is replaced only if it is empty or an earlier export of ours (it has kExportManifest):
// then only the files that export wrote are replaced or removed, anything else in it is kept, and a
// file of the new export whose name is taken by a file not ours refuses the commit. A non-empty
// folder that is not ours, or a target that is not a folder, is refused and left untouched.
class AtomicDir {
public:
    explicit AtomicDir(std::string target);
    ~AtomicDir();
    AtomicDir(const AtomicDir&) = delete;
    AtomicDir& operator=(const AtomicDir&) = delete;

    // Creates the temporary folder; fails with a message naming the folder (e.g. not writable).
    Status create();
    const std::string& tempPath() const { return m_temp; }
    const std::string& target() const { return m_target; }
    // Writes the manifest and moves the export into place. One-line message on failure.
    Status commit(bool force);

private:
    Status replaceExisting();

    std::string m_target;
    std::string m_temp;
    bool m_created = false;
    bool m_committed = false;
};

// Why `target` cannot take a folder export with `force` (an Error), or success when it can: it is absent, an empty
// folder, or a folder with kExportManifest. Checked before an export starts and again at commit.
Status checkFolderExport(const std::string& target);

}  // namespace latent::export_
