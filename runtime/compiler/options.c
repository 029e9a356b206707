/* SPDX-License-Identifier: MIT */
/*
 * Build, compile and link options: which entry point accepts which option,
 * and what each becomes on clang's -cc1 command line. Anything else is
 * refused with the option named in the log.
 */

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compiler/frontend.h"

enum {
    M_COMPILE = 1 << 0, /* clCompileProgram (and clBuildProgram) */
    M_LINK = 1 << 1,    /* clLinkProgram (and clBuildProgram) */
    M_BUILD = 1 << 2,   /* clBuildProgram only */
};

enum opt_id {
    OPT_DEFINE,
    OPT_INCLUDE,
    OPT_STD,
    OPT_OPT_DISABLE,
    OPT_ARG_INFO,
    OPT_CREATE_LIBRARY,
    OPT_ENABLE_LINK_OPTIONS,
    OPT_DEBUG,
    OPT_IGNORE,
    OPT_PASS,      /* passed to clang unchanged */
    OPT_LINK_MATH, /* a math option: passed to clang when compiling, accepted by the linker */
};

static const struct option_def {
    const char *name;
    enum opt_id id;
    unsigned modes;
} option_defs[] = {
    {"-cl-opt-disable", OPT_OPT_DISABLE, M_COMPILE},
    {"-cl-mad-enable", OPT_PASS, M_COMPILE},
    {"-cl-single-precision-constant", OPT_PASS, M_COMPILE},
    {"-cl-fp32-correctly-rounded-divide-sqrt", OPT_PASS, M_COMPILE},
    {"-cl-uniform-work-group-size", OPT_PASS, M_COMPILE},
    {"-cl-fast-relaxed-math", OPT_LINK_MATH, M_COMPILE | M_LINK},
    {"-cl-finite-math-only", OPT_LINK_MATH, M_COMPILE | M_LINK},
    {"-cl-unsafe-math-optimizations", OPT_LINK_MATH, M_COMPILE | M_LINK},
    {"-cl-no-signed-zeros", OPT_LINK_MATH, M_COMPILE | M_LINK},
    /* The spelling of the spec's list of linking options (5.8.6.2). */
    {"-cl-no-signed-zeroes", OPT_LINK_MATH, M_LINK},
    /* Hints clang -cc1 has no spelling of for SPIR: accepted, nothing to do. */
    {"-cl-denorms-are-zero", OPT_IGNORE, M_COMPILE | M_LINK},
    {"-cl-no-subgroup-ifp", OPT_IGNORE, M_COMPILE | M_LINK},
    {"-cl-kernel-arg-info", OPT_ARG_INFO, M_COMPILE},
    {"-w", OPT_PASS, M_COMPILE},
    {"-Werror", OPT_PASS, M_COMPILE},
    {"-g", OPT_DEBUG, M_COMPILE},
    {"-create-library", OPT_CREATE_LIBRARY, M_LINK},
    {"-enable-link-options", OPT_ENABLE_LINK_OPTIONS, M_LINK},
};

static const char *const std_versions[] = {"CL1.0", "CL1.1", "CL1.2", "CL2.0", "CL3.0"};

static bool push(char ***v, size_t *n, const char *s)
{
    char **p = realloc(*v, (*n + 1) * sizeof(**v));

    if (!p)
        return false;
    *v = p;
    p[*n] = strdup(s);
    if (!p[*n])
        return false;
    (*n)++;
    return true;
}

void hmmcl_fe_options_free(struct hmmcl_fe_options *o)
{
    for (size_t i = 0; i < o->num_clang_args; i++)
        free(o->clang_args[i]);
    free(o->clang_args);
    free(o->normalized);
    free(o->device_macros);
    memset(o, 0, sizeof(*o));
}

/* The next whitespace-separated token of *@p (quotes group, as a shell would), or NULL. */
static char *next_token(const char **p)
{
    const char *s = *p;
    char *tok, *d;
    char quote = 0;

    while (isspace((unsigned char)*s))
        s++;
    if (!*s) {
        *p = s;
        return NULL;
    }
    tok = d = malloc(strlen(s) + 1);
    if (!tok)
        return NULL;
    for (; *s && (quote || !isspace((unsigned char)*s)); s++) {
        if (quote && *s == quote)
            quote = 0;
        else if (!quote && (*s == '"' || *s == '\''))
            quote = *s;
        else if (*s == '\\' && quote != '\'' && s[1])
            *d++ = *++s;
        else
            *d++ = *s;
    }
    *d = '\0';
    *p = s;
    return tok;
}

/* @dir made absolute against the working directory (the application's). */
static char *absolute_dir(const char *dir)
{
    char cwd[PATH_MAX];
    char *s;

    if (dir[0] == '/' || !getcwd(cwd, sizeof(cwd)))
        return strdup(dir);
    if (asprintf(&s, "%s/%s", cwd, dir) < 0)
        return NULL;
    return s;
}

cl_int hmmcl_fe_parse_options(const char *options, enum hmmcl_fe_mode mode,
                              struct hmmcl_fe_options *out, struct hmmcl_text *log)
{
    cl_int invalid = mode == HMMCL_FE_LINK      ? CL_INVALID_LINKER_OPTIONS
                     : mode == HMMCL_FE_COMPILE ? CL_INVALID_COMPILER_OPTIONS
                                                : CL_INVALID_BUILD_OPTIONS;
    unsigned modes = mode == HMMCL_FE_COMPILE ? M_COMPILE
                     : mode == HMMCL_FE_LINK  ? M_LINK
                                              : M_COMPILE | M_LINK | M_BUILD;
    struct hmmcl_text norm = {0};
    const char *p = options ? options : "";
    char *tok = NULL;
    const char *std = "CL3.0";
    cl_int err = CL_SUCCESS;

    memset(out, 0, sizeof(*out));
    while ((tok = next_token(&p))) {
        const struct option_def *def = NULL;
        char *value = NULL;

        if (!strncmp(tok, "-D", 2) || !strncmp(tok, "-I", 2)) {
            bool define = tok[1] == 'D';

            if (!(modes & M_COMPILE))
                goto invalid;
            /* "-D name", "-Dname", "-D name=value", "-I dir", "-Idir" */
            if (tok[2]) {
                value = strdup(tok + 2);
            } else {
                value = next_token(&p);
                if (!value) {
                    hmmcl_text_printf(log, "hmmcl: option %s needs an argument\n", tok);
                    err = invalid;
                    goto out;
                }
            }
            if (!value)
                goto oom;
            if (define) {
                if (!push(&out->clang_args, &out->num_clang_args, "-D") ||
                    !push(&out->clang_args, &out->num_clang_args, value))
                    goto oom;
                hmmcl_text_printf(&norm, "-D %s\n", value);
            } else {
                char *abs = absolute_dir(value);

                if (!abs || !push(&out->clang_args, &out->num_clang_args, "-I") ||
                    !push(&out->clang_args, &out->num_clang_args, abs)) {
                    free(abs);
                    goto oom;
                }
                hmmcl_text_printf(&norm, "-I %s\n", abs);
                free(abs);
                out->include_dirs = true;
            }
            free(value);
            free(tok);
            continue;
        }
        if (!strncmp(tok, "-cl-std=", 8)) {
            size_t i;

            if (!(modes & M_COMPILE))
                goto invalid;
            for (i = 0; i < sizeof(std_versions) / sizeof(std_versions[0]); i++) {
                if (!strcmp(tok + 8, std_versions[i]))
                    break;
            }
            if (i == sizeof(std_versions) / sizeof(std_versions[0]))
                goto invalid;
            std = std_versions[i];
            free(tok);
            continue;
        }
        for (size_t i = 0; i < sizeof(option_defs) / sizeof(option_defs[0]); i++) {
            if (!strcmp(tok, option_defs[i].name))
                def = &option_defs[i];
        }
        if (!def || !(def->modes & modes))
            goto invalid;
        switch (def->id) {
        case OPT_OPT_DISABLE:
            out->opt_disable = true;
            break;
        case OPT_ARG_INFO:
            out->kernel_arg_info = true;
            if (!push(&out->clang_args, &out->num_clang_args, tok))
                goto oom;
            break;
        case OPT_CREATE_LIBRARY:
            out->create_library = true;
            break;
        case OPT_ENABLE_LINK_OPTIONS:
            out->enable_link_options = true;
            break;
        case OPT_DEBUG: /* accepted; no debug information is kept */
        case OPT_IGNORE:
            break;
        case OPT_LINK_MATH:
        case OPT_PASS:
            if ((modes & M_COMPILE) && !push(&out->clang_args, &out->num_clang_args, tok))
                goto oom;
            break;
        default:
            break;
        }
        hmmcl_text_printf(&norm, "%s\n", tok);
        free(tok);
    }
    /* -enable-link-options: "must be specified with the -create-library option". */
    if (out->enable_link_options && !out->create_library) {
        hmmcl_text_printf(log, "hmmcl: -enable-link-options needs -create-library\n");
        err = invalid;
        goto out;
    }
    if (modes & M_COMPILE) {
        char arg[16];

        snprintf(arg, sizeof(arg), "-cl-std=%s", std);
        if (!push(&out->clang_args, &out->num_clang_args, arg))
            goto oom;
        hmmcl_text_printf(&norm, "%s\n", arg);
    }
    hmmcl_text_append(&norm, "", 0);
    out->normalized = hmmcl_text_take(&norm);
    if (!out->normalized)
        goto oom;
    return CL_SUCCESS;

invalid:
    hmmcl_text_printf(log, "hmmcl: invalid %s option \"%s\"\n",
                      mode == HMMCL_FE_LINK      ? "link"
                      : mode == HMMCL_FE_COMPILE ? "compile"
                                                 : "build",
                      tok);
    err = invalid;
    goto out;
oom:
    err = CL_OUT_OF_HOST_MEMORY;
out:
    free(tok);
    hmmcl_text_free(&norm);
    hmmcl_fe_options_free(out);
    return err;
}
