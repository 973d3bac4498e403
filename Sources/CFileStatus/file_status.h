#ifndef CHORUS_FILE_STATUS_H
#define CHORUS_FILE_STATUS_H

#include <sys/stat.h>

/* The mode (type and permission bits) of what is at `path`: `stat` when `follow_links` is non-zero, `lstat`
 * otherwise. 0 and `*mode` set on success; -1 and errno set otherwise.
 *
 * Why a shim: glibc's `struct stat` has no Clang module of its own, so it belongs to whichever module included
 * <sys/stat.h> first (CoreFoundation in a static release build, CDispatch in another), and Swift's
 * MemberImportVisibility then asks for that module to be imported before `st_mode` can be read. Swift code reads
 * the mode through this function and never touches the struct. */
static inline int chorus_file_mode(const char *path, int follow_links, unsigned int *mode) {
    struct stat info;
    int result = follow_links ? stat(path, &info) : lstat(path, &info);
    if (result == 0) {
        *mode = (unsigned int)info.st_mode;
    }
    return result;
}

#endif
