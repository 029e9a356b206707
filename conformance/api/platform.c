/* api: platform enumeration and platform queries. */
#include "api.h"

#include <stdlib.h>
#include <string.h>

void platform_ids(conf_t *t)
{
    cl_uint n = 0;
    cl_platform_id p = NULL;
    /* "CL_INVALID_VALUE if num_entries is equal to zero and platforms is not NULL
     * or if both num_platforms and platforms are NULL." */
    CHECK_ERR(CL_INVALID_VALUE, clGetPlatformIDs(0, &p, &n));
    CHECK_ERR(CL_INVALID_VALUE, clGetPlatformIDs(0, NULL, NULL));
    CHECK_ERR(CL_INVALID_VALUE, clGetPlatformIDs(1, NULL, NULL));
    REQUIRE_OK(clGetPlatformIDs(0, NULL, &n));
    REQUIRE(n >= 1);
    cl_platform_id *all = calloc(n, sizeof(*all));
    conf_defer_free(t, all);
    cl_uint n2 = 0;
    CHECK_OK(clGetPlatformIDs(n, all, &n2));
    CHECK_EQ_U(n, n2);
    bool found = false;
    for (cl_uint i = 0; i < n; i++)
        found |= all[i] == t->platform;
    CHECK_MSG(found, "selected platform not returned by clGetPlatformIDs");
    /* fewer entries than platforms: only num_entries are written */
    CHECK_OK(clGetPlatformIDs(1, &p, NULL));
    CHECK_EQ_P(all[0], p);
}

static bool has_word(const char *list, const char *word)
{
    size_t n = strlen(word);
    for (const char *s = list; (s = strstr(s, word)) != NULL; s += n)
        if ((s == list || s[-1] == ' ') && (s[n] == ' ' || s[n] == '\0'))
            return true;
    return false;
}

/* every space-separated word of `list` appears in `nv`, and vice versa */
void check_name_version_vs_string(conf_t *t, const char *what, const char *list,
                                  const cl_name_version *nv, size_t n)
{
    size_t words = 0;
    char *copy = strdup(list ? list : "");
    for (char *save = NULL, *w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
        words++;
        bool found = false;
        for (size_t i = 0; i < n; i++)
            found |= strcmp(nv[i].name, w) == 0;
        CHECK_MSG(found, "%s: \"%s\" is in the string query but not in the _WITH_VERSION query",
                  what, w);
    }
    free(copy);
    for (size_t i = 0; i < n; i++) {
        CHECK_MSG(memchr(nv[i].name, '\0', CL_NAME_VERSION_MAX_NAME_SIZE) != NULL,
                  "%s: name not NUL-terminated", what);
        CHECK_MSG(list && has_word(list, nv[i].name),
                  "%s: \"%s\" is in the _WITH_VERSION query but not in the string query", what,
                  nv[i].name);
    }
    CHECK_EQ_U(words, n);
}

void platform_info(conf_t *t)
{
    static const cl_platform_info strings[] = {CL_PLATFORM_PROFILE, CL_PLATFORM_VERSION,
                                               CL_PLATFORM_NAME, CL_PLATFORM_VENDOR,
                                               CL_PLATFORM_EXTENSIONS};
    for (size_t i = 0; i < sizeof(strings) / sizeof(strings[0]); i++) {
        size_t n = 0;
        CHECK_OK(clGetPlatformInfo(t->platform, strings[i], 0, NULL, &n));
        char *s = conf_plat_string(t, t->platform, strings[i]);
        CHECK(s && strlen(s) + 1 == n);
    }
    const char *profile = conf_plat_string(t, t->platform, CL_PLATFORM_PROFILE);
    CHECK(profile &&
          (strcmp(profile, "FULL_PROFILE") == 0 || strcmp(profile, "EMBEDDED_PROFILE") == 0));
    const char *version = conf_plat_string(t, t->platform, CL_PLATFORM_VERSION);
    CHECK_MSG(version && strncmp(version, "OpenCL 3.0 ", 11) == 0,
              "CL_PLATFORM_VERSION \"%s\" is not \"OpenCL 3.0 <platform-specific>\"",
              version ? version : "");
    cl_version nv = 0;
    size_t n = 0;
    CHECK_OK(clGetPlatformInfo(t->platform, CL_PLATFORM_NUMERIC_VERSION, sizeof(nv), &nv, &n));
    CHECK_EQ_U(sizeof(cl_version), n);
    CHECK_EQ_U(3, CL_VERSION_MAJOR(nv));
    CHECK_EQ_U(0, CL_VERSION_MINOR(nv));

    cl_ulong res = 1;
    CHECK_OK(
        clGetPlatformInfo(t->platform, CL_PLATFORM_HOST_TIMER_RESOLUTION, sizeof(res), &res, &n));
    CHECK_EQ_U(sizeof(cl_ulong), n);

    const char *ext = conf_plat_string(t, t->platform, CL_PLATFORM_EXTENSIONS);
    /* An ICD vendor library must report cl_khr_icd (cl_khr_icd spec). */
    CHECK_MSG(ext && has_word(ext, "cl_khr_icd"), "platform extensions lack cl_khr_icd");
    size_t sz = 0;
    CHECK_OK(clGetPlatformInfo(t->platform, CL_PLATFORM_EXTENSIONS_WITH_VERSION, 0, NULL, &sz));
    CHECK(sz % sizeof(cl_name_version) == 0);
    cl_name_version *list = calloc(1, sz + sizeof(cl_name_version));
    conf_defer_free(t, list);
    CHECK_OK(clGetPlatformInfo(t->platform, CL_PLATFORM_EXTENSIONS_WITH_VERSION, sz, list, NULL));
    check_name_version_vs_string(t, "CL_PLATFORM_EXTENSIONS", ext, list,
                                 sz / sizeof(cl_name_version));
}

void platform_info_errors(conf_t *t)
{
    char buf[4];
    size_t n = 0;
    /* "CL_INVALID_VALUE if param_name is not one of the supported values or if size
     * in bytes specified by param_value_size is < size of return type ... and
     * param_value is not a NULL value." */
    CHECK_ERR(CL_INVALID_VALUE, clGetPlatformInfo(t->platform, 0x7777, sizeof(buf), buf, &n));
    CHECK_ERR(CL_INVALID_VALUE, clGetPlatformInfo(t->platform, CL_PLATFORM_NAME, 1, buf, &n));
    cl_version v;
    CHECK_ERR(CL_INVALID_VALUE,
              clGetPlatformInfo(t->platform, CL_PLATFORM_NUMERIC_VERSION, 2, &v, NULL));
    CHECK_ERR(CL_INVALID_VALUE, clGetPlatformInfo(t->platform, CL_DEVICE_NAME, 0, NULL, &n));
    /* all outputs NULL is legal */
    CHECK_OK(clGetPlatformInfo(t->platform, CL_PLATFORM_NAME, 0, NULL, NULL));
}

void unload_platform_compiler(conf_t *t)
{
    CHECK_OK(clUnloadPlatformCompiler(t->platform));
    CHECK_OK(clUnloadPlatformCompiler(t->platform));
}
