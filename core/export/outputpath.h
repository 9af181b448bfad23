#pragma once

#include <string>

#include "core/util/result.h"

namespace latent::export_ {

// Whether something (file, folder, link) is at `path`.
bool outputExists(const std::string& path);

// `path` without trailing slashes ("frames/" -> "frames"), so folder targets rename cleanly.
std::string withoutTrailingSlash(std::string path);

// A temporary folder beside `target` that commit() renames to `target`, and that is removed with
// its contents otherwise: an export into a folder appears whole or not at all. With `force` an
// existing target is moved aside first and deleted only once the new folder is in place.
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
    Status commit(bool force);

private:
    std::string m_target;
    std::string m_temp;
    bool m_created = false;
    bool m_committed = false;
};

}  // namespace latent::export_
