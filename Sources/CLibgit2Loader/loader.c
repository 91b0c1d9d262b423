#include "libgit2_loader.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct {
    int (*init)(void);
    int (*opts)(int option, ...);
    int (*open_ext)(git_repository **, const char *, unsigned int, const char *);
    void (*free)(git_repository *);
    const char *(*workdir)(const git_repository *);
    const char *(*commondir)(const git_repository *);
} git;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static char failure[512];
static const char *loadedFrom = "";
static int failed;
/* Set once loading is over: what ctxtrim_libgit2_failure reads without loading. */
static atomic_int failedLoading;

static void *symbol(void *library, const char *name) {
    void *found = dlsym(library, name);
    if (!found && !failed) {
        snprintf(failure, sizeof failure, "%s has no %s", loadedFrom, name);
        failed = 1;
    }
    return found;
}

/* The library built against, by its platform's name; on macOS also where
   Homebrew puts it, which the loader does not search by default. */
#ifdef __APPLE__
#define LIBGIT2_NAME "libgit2." LIBGIT2_SOVERSION ".dylib"
static const char *const candidates[] = {LIBGIT2_NAME, "/opt/homebrew/lib/" LIBGIT2_NAME, "/usr/local/lib/" LIBGIT2_NAME};
#else
#define LIBGIT2_NAME "libgit2.so." LIBGIT2_SOVERSION
static const char *const candidates[] = {LIBGIT2_NAME};
#endif

/* Adds why `path` could not be opened to `failure`, after any earlier one. */
static void noteOpenFailure(void) {
    const char *why = dlerror();
    size_t used = strlen(failure);
    snprintf(failure + used, sizeof failure - used, "%s%s", used ? "; " : "", why ? why : loadedFrom);
}

/* CTXTRIM_LIBGIT2, when set, names the one file to load; else each
   candidate in turn, and a failure says why each one failed. */
static void *openLibrary(void) {
    const char *chosen = getenv("CTXTRIM_LIBGIT2");
    if (chosen && *chosen) {
        loadedFrom = chosen;
        void *library = dlopen(chosen, RTLD_NOW | RTLD_LOCAL);
        if (!library) noteOpenFailure();
        return library;
    }
    for (unsigned i = 0; i < sizeof candidates / sizeof candidates[0]; i++) {
        loadedFrom = candidates[i];
        void *library = dlopen(candidates[i], RTLD_NOW | RTLD_LOCAL);
        if (library) return library;
        noteOpenFailure();
    }
    return NULL;
}

/* The functions are looked up by name, so a library of another major or
   minor version (its ABI) must not be used: CTXTRIM_LIBGIT2 may name any. */
static int isTheVersionBuiltWith(void *library) {
    int (*version)(int *, int *, int *) = (int (*)(int *, int *, int *))symbol(library, "git_libgit2_version");
    if (!version) return 0;
    int major = 0, minor = 0, revision = 0;
    version(&major, &minor, &revision);
    if (major == LIBGIT2_VER_MAJOR && minor == LIBGIT2_VER_MINOR) return 1;
    snprintf(failure, sizeof failure, "%s is libgit2 %d.%d.%d, and ContextTrim was built with %d.%d", loadedFrom, major, minor,
             revision, LIBGIT2_VER_MAJOR, LIBGIT2_VER_MINOR);
    failed = 1;
    return 0;
}

static void load(void) {
    void *library = openLibrary();
    if (!library || !isTheVersionBuiltWith(library)) {
        if (library) dlclose(library);
        failed = 1;
        atomic_store(&failedLoading, 1);
        return;
    }
    git.init = (int (*)(void))symbol(library, "git_libgit2_init");
    git.opts = (int (*)(int, ...))symbol(library, "git_libgit2_opts");
    git.open_ext = (int (*)(git_repository **, const char *, unsigned int, const char *))symbol(library, "git_repository_open_ext");
    git.free = (void (*)(git_repository *))symbol(library, "git_repository_free");
    git.workdir = (const char *(*)(const git_repository *))symbol(library, "git_repository_workdir");
    git.commondir = (const char *(*)(const git_repository *))symbol(library, "git_repository_commondir");
    if (failed) {
        atomic_store(&failedLoading, 1);
        return;
    }
    git.init();
    const git_config_level_t levels[] = {GIT_CONFIG_LEVEL_PROGRAMDATA, GIT_CONFIG_LEVEL_SYSTEM, GIT_CONFIG_LEVEL_XDG, GIT_CONFIG_LEVEL_GLOBAL};
    for (unsigned i = 0; i < sizeof levels / sizeof levels[0]; i++) git.opts(GIT_OPT_SET_SEARCH_PATH, levels[i], "");
}

const char *ctxtrim_libgit2_load(void) {
    pthread_once(&once, load);
    return failed ? failure : NULL;
}

const char *ctxtrim_libgit2_failure(void) {
    return atomic_load(&failedLoading) ? failure : NULL;
}

int ctxtrim_git_repository_open_ext(git_repository **out, const char *path, unsigned int flags, const char *ceiling_dirs) {
    return git.open_ext(out, path, flags, ceiling_dirs);
}

void ctxtrim_git_repository_free(git_repository *repository) { git.free(repository); }

const char *ctxtrim_git_repository_workdir(const git_repository *repository) { return git.workdir(repository); }

const char *ctxtrim_git_repository_commondir(const git_repository *repository) { return git.commondir(repository); }
