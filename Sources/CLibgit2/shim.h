#include <git2.h>

/* git_libgit2_opts is variadic, which Swift cannot call: these wrap the one
   use ContextTrim has for it, emptying the search path of a configuration
   level so that no global, XDG or system git configuration (and so no
   core.excludesFile) is ever read. */
static inline int ctxtrim_git_clear_config_search_path(git_config_level_t level) {
    return git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, level, "");
}
