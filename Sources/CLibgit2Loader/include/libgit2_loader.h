#ifndef CTXTRIM_LIBGIT2_LOADER_H
#define CTXTRIM_LIBGIT2_LOADER_H

/* libgit2, loaded at its first use rather than when the process starts:
   linking it makes the dynamic loader map it and the twenty libraries it
   needs (OpenSSL, Kerberos, libssh2, ...) in every run, about 3 ms, while
   only a run that finds a repository calls it. The functions ContextTrim
   uses are looked up by name in the library whose headers it was built
   with (LIBGIT2_SOVERSION: libgit2.so.1.9, libgit2.1.9.dylib), or in the
   file the CTXTRIM_LIBGIT2 environment variable names, which must report
   the same major and minor version (git_libgit2_version). */

#include <git2.h>

/* Loads libgit2 and initializes it once, with every global, XDG, system
   and program-data configuration shut out (so that no core.excludesFile is
   read); NULL on success, else why it could not be loaded. Thread-safe. */
const char *ctxtrim_libgit2_load(void);

/* Why loading failed, if a load was tried and failed; NULL otherwise (and
   no load is tried). */
const char *ctxtrim_libgit2_failure(void);

/* The libgit2 functions of the same names; call only after a successful load. */
int ctxtrim_git_repository_open_ext(git_repository **out, const char *path, unsigned int flags, const char *ceiling_dirs);
void ctxtrim_git_repository_free(git_repository *repository);
const char *ctxtrim_git_repository_workdir(const git_repository *repository);
const char *ctxtrim_git_repository_commondir(const git_repository *repository);

#endif
