/* SPDX-License-Identifier: MIT */
/* The OpenCL C front end: running the LLVM tools (see frontend.h). */

#include "compiler/frontend.h"
#include "compiler/builtins.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <pthread.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "compiler/arginfo.h"
#include "compiler/spirv_lower.h"
#include "compiler/spirv_validate.h"
#include "util/log.h"

extern char **environ;

#ifndef HMMCL_CLANG_PATH
#define HMMCL_CLANG_PATH "clang-15"
#endif
#ifndef HMMCL_LLVM_SPIRV_PATH
#define HMMCL_LLVM_SPIRV_PATH "llvm-spirv-15"
#endif
#ifndef HMMCL_LLVM_LINK_PATH
#define HMMCL_LLVM_LINK_PATH "llvm-link-15"
#endif
#ifndef HMMCL_LLVM_DIS_PATH
#define HMMCL_LLVM_DIS_PATH "llvm-dis-15"
#endif
#ifndef HMMCL_LLVM_AS_PATH
#define HMMCL_LLVM_AS_PATH "llvm-as-15"
#endif

#define MAIN_SOURCE   "program.cl"
#define DEVICE_MACROS "hmmcl-device-macros.h" /* device_macros.c */

/* ---- text and blobs ---------------------------------------------------- */

static bool text_reserve(struct hmmcl_text *t, size_t extra)
{
    size_t need = t->len + extra + 1;
    char *p;

    if (need <= t->cap)
        return true;
    if (need < 2 * t->cap)
        need = 2 * t->cap;
    if (need < 256)
        need = 256;
    p = realloc(t->buf, need);
    if (!p)
        return false;
    t->buf = p;
    t->cap = need;
    return true;
}

void hmmcl_text_append(struct hmmcl_text *t, const char *s, size_t n)
{
    if (!text_reserve(t, n))
        return;
    memcpy(t->buf + t->len, s, n);
    t->len += n;
    t->buf[t->len] = '\0';
}

void hmmcl_text_printf(struct hmmcl_text *t, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || !text_reserve(t, (size_t)n))
        return;
    va_start(ap, fmt);
    vsnprintf(t->buf + t->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    t->len += (size_t)n;
}

char *hmmcl_text_take(struct hmmcl_text *t)
{
    char *s = t->buf ? t->buf : strdup("");

    t->buf = NULL;
    t->len = t->cap = 0;
    return s;
}

void hmmcl_text_free(struct hmmcl_text *t)
{
    free(t->buf);
    t->buf = NULL;
    t->len = t->cap = 0;
}

void hmmcl_blob_free(struct hmmcl_blob *b)
{
    free(b->data);
    b->data = NULL;
    b->size = 0;
}

/* ---- tools ------------------------------------------------------------- */

enum tool { TOOL_CLANG, TOOL_LLVM_SPIRV, TOOL_LLVM_LINK, TOOL_LLVM_DIS, TOOL_LLVM_AS, NUM_TOOLS };

static const struct {
    const char *env;
    const char *path;
} tool_defaults[NUM_TOOLS] = {
    [TOOL_CLANG] = {"HMMCL_CLANG", HMMCL_CLANG_PATH},
    [TOOL_LLVM_SPIRV] = {"HMMCL_LLVM_SPIRV", HMMCL_LLVM_SPIRV_PATH},
    [TOOL_LLVM_LINK] = {"HMMCL_LLVM_LINK", HMMCL_LLVM_LINK_PATH},
    [TOOL_LLVM_DIS] = {"HMMCL_LLVM_DIS", HMMCL_LLVM_DIS_PATH},
    [TOOL_LLVM_AS] = {"HMMCL_LLVM_AS", HMMCL_LLVM_AS_PATH},
};

static const char *tool_path(enum tool t)
{
    const char *env = getenv(tool_defaults[t].env);

    return env && *env ? env : tool_defaults[t].path;
}

static pthread_once_t identity_once = PTHREAD_ONCE_INIT;
static char identity[2048];

static void identity_init(void)
{
    size_t len = 0;
    Dl_info self = {0};

    /*
     * The library itself too (its lowering decides the image): a rebuilt
     * libhmmcl.so does not reuse images an older one made.
     */
    dladdr((void *)identity_init, &self);
    for (int t = 0; t <= NUM_TOOLS; t++) {
        const char *p = t < NUM_TOOLS ? tool_path(t) : self.dli_fname ? self.dli_fname : "";
        struct stat st = {0};

        if (stat(p, &st))
            memset(&st, 0, sizeof(st));
        len += (size_t)snprintf(identity + len, sizeof(identity) - len, "%s %lld %lld.%09ld\n", p,
                                (long long)st.st_size, (long long)st.st_mtim.tv_sec,
                                st.st_mtim.tv_nsec);
        if (len >= sizeof(identity))
            break;
    }
}

const char *hmmcl_fe_tool_identity(void)
{
    pthread_once(&identity_once, identity_init);
    return identity;
}

/* ---- private temporary directories -------------------------------------- */

struct workdir {
    char path[PATH_MAX];
};

static int workdir_create(struct workdir *w, struct hmmcl_text *log)
{
    const char *tmp = getenv("TMPDIR");

    if (!tmp || !*tmp)
        tmp = "/tmp";
    snprintf(w->path, sizeof(w->path), "%s/hmmcl-XXXXXX", tmp);
    if (!mkdtemp(w->path)) {
        hmmcl_text_printf(log, "hmmcl: cannot create a temporary directory in %s: %s\n", tmp,
                          strerror(errno));
        return -1;
    }
    return 0;
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    if (flag == FTW_DP)
        rmdir(path);
    else
        unlink(path);
    return 0;
}

static void workdir_remove(struct workdir *w)
{
    nftw(w->path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static void workdir_file(const struct workdir *w, const char *name, char *buf, size_t size)
{
    int n = snprintf(buf, size, "%s/%s", w->path, name);

    /* A short temp dir plus a fixed name: a truncated path names no file at all. */
    if (n < 0 || (size_t)n >= size)
        buf[0] = '\0';
}

static int write_file(const char *path, const void *data, size_t size)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    const unsigned char *p = data;

    if (fd < 0)
        return -1;
    while (size) {
        ssize_t n = write(fd, p, size);

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            close(fd);
            return -1;
        }
        p += n;
        size -= (size_t)n;
    }
    return close(fd);
}

/* Read a whole file; a NUL is appended (not counted in @out->size). */
static int read_file(const char *path, struct hmmcl_blob *out)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    size_t got = 0;

    out->data = NULL;
    out->size = 0;
    if (fd < 0)
        return -1;
    if (fstat(fd, &st) || !(out->data = malloc((size_t)st.st_size + 1))) {
        close(fd);
        return -1;
    }
    while (got < (size_t)st.st_size) {
        ssize_t n = read(fd, out->data + got, (size_t)st.st_size - got);

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    close(fd);
    out->data[got] = 0;
    out->size = got;
    return 0;
}

/* Write @data as @name in @w, creating the directories @name has. */
static int workdir_write(const struct workdir *w, const char *name, const void *data, size_t size)
{
    char path[PATH_MAX];

    workdir_file(w, name, path, sizeof(path));
    for (char *s = path + strlen(w->path) + 1; (s = strchr(s, '/')); s++) {
        *s = '\0';
        if (mkdir(path, 0700) && errno != EEXIST) {
            *s = '/';
            return -1;
        }
        *s = '/';
    }
    return write_file(path, data, size);
}

/*
 * Run @argv[0] (a tool path) in @w with stdout to /dev/null and stderr
 * collected into @err (NUL-terminated). Returns the exit status, or -1 if it
 * could not be started or did not exit normally (with a line in @log).
 */
static int run_tool(const struct workdir *w, char *const argv[], struct hmmcl_blob *err,
                    struct hmmcl_text *log)
{
    posix_spawn_file_actions_t fa;
    char err_path[PATH_MAX];
    pid_t pid;
    int status = 0, rc;
    double start = hmmcl_log_time_start();
    const char *base = strrchr(argv[0], '/');

    err->data = NULL;
    err->size = 0;
    workdir_file(w, "stderr.txt", err_path, sizeof(err_path));
    if (posix_spawn_file_actions_init(&fa))
        return -1;
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 2, err_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addchdir_np(&fa, w->path);
    rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc) {
        hmmcl_text_printf(log, "hmmcl: cannot run %s: %s\n", argv[0], strerror(rc));
        return -1;
    }
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            hmmcl_text_printf(log, "hmmcl: waiting for %s: %s\n", argv[0], strerror(errno));
            return -1;
        }
    }
    hmmcl_log_time(base ? base + 1 : argv[0], start);
    read_file(err_path, err);
    unlink(err_path);
    if (!WIFEXITED(status)) {
        if (err->size)
            hmmcl_text_append(log, (char *)err->data, err->size);
        hmmcl_text_printf(log, "hmmcl: %s was killed by signal %d\n", argv[0],
                          WIFSIGNALED(status) ? WTERMSIG(status) : 0);
        return -1;
    }
    return WEXITSTATUS(status);
}

/* Run a tool whose stderr is the log; non-zero exit is a failure. */
static int run_logged(const struct workdir *w, char *const argv[], struct hmmcl_text *log)
{
    struct hmmcl_blob err;
    int rc = run_tool(w, argv, &err, log);

    if (rc > 0) {
        if (err.size)
            hmmcl_text_append(log, (char *)err.data, err.size);
        else
            hmmcl_text_printf(log, "hmmcl: %s failed (exit status %d)\n", argv[0], rc);
    } else if (rc == 0 && err.size) {
        hmmcl_text_append(log, (char *)err.data, err.size); /* warnings */
    }
    hmmcl_blob_free(&err);
    return rc ? -1 : 0;
}

/* llvm-dis @bc_name into text; NULL (with @log) on failure. */
static char *disassemble(const struct workdir *w, const char *bc_name, struct hmmcl_text *log)
{
    char *argv[] = {(char *)tool_path(TOOL_LLVM_DIS), (char *)bc_name, "-o", "program.ll", NULL};
    char path[PATH_MAX];
    struct hmmcl_blob text;

    if (run_logged(w, argv, log))
        return NULL;
    workdir_file(w, "program.ll", path, sizeof(path));
    if (read_file(path, &text)) {
        hmmcl_text_printf(log, "hmmcl: llvm-dis left no output\n");
        return NULL;
    }
    return (char *)text.data;
}

/* ---- compile ----------------------------------------------------------- */

/*
 * program.bc has integer types SPIR-V cannot express (frontend.h): compile
 * @argv (the clang command, ending in "-o program.bc <source>") again with
 * the optimisation passes held back, declare the native integer widths in
 * the data layout, optimise, and restore the layout the rest of the
 * pipeline expects.
 */
static int legalize_narrow_ints(const struct workdir *w, char **argv, size_t n,
                                struct hmmcl_text *log)
{
    char *as_argv[] = {(char *)tool_path(TOOL_LLVM_AS), "program.ll", "-o", "program.bc", NULL};
    char *opt_argv[] = {(char *)tool_path(TOOL_CLANG),
                        "-cc1",
                        "-triple",
                        "spir64-unknown-unknown",
                        "-no-opaque-pointers",
                        "-x",
                        "ir",
                        "-O2",
                        "-emit-llvm-bc",
                        "-o",
                        "program.bc",
                        "stage1.ll",
                        NULL};
    char **stage1 = calloc(n + 3, sizeof(*stage1));
    char *text = NULL, *fixed = NULL;
    size_t k = 0;
    int rc = -1;

    if (!stage1)
        return -1;
    /* everything before "-o program.bc <source>", then the same with the passes held back */
    for (size_t i = 0; i + 3 < n; i++)
        stage1[k++] = argv[i];
    stage1[k++] = "-disable-llvm-passes";
    stage1[k++] = "-fno-jump-tables";
    stage1[k++] = "-o";
    stage1[k++] = "stage1.bc";
    stage1[k++] = argv[n - 1];
    if (run_logged(w, stage1, log) || !(text = disassemble(w, "stage1.bc", log)))
        goto out;
    fixed = hmmcl_fe_native_int_layout(text, true);
    if (!fixed || workdir_write(w, "stage1.ll", fixed, strlen(fixed)) ||
        run_logged(w, opt_argv, log))
        goto out;
    free(text);
    free(fixed);
    fixed = NULL;
    if (!(text = disassemble(w, "program.bc", log)))
        goto out;
    fixed = hmmcl_fe_native_int_layout(text, false);
    if (!fixed || workdir_write(w, "program.ll", fixed, strlen(fixed)) ||
        run_logged(w, as_argv, log))
        goto out;
    rc = 0;
out:
    if (rc && !fixed)
        hmmcl_text_printf(log, "hmmcl: cannot re-optimise with native integer widths\n");
    free(text);
    free(fixed);
    free(stage1);
    return rc;
}

/* Whether program.bc in @w needs legalize_narrow_ints (-1 on a tool failure). */
static int has_narrow_ints(const struct workdir *w, struct hmmcl_text *log)
{
    char *text = disassemble(w, "program.bc", log);
    int odd;

    if (!text)
        return -1;
    odd = hmmcl_fe_has_odd_int_types(text);
    free(text);
    return odd;
}

int hmmcl_fe_compile(const char *source, const struct hmmcl_fe_options *opts,
                     const struct hmmcl_fe_header *headers, size_t num_headers,
                     struct hmmcl_blob *bitcode, struct hmmcl_text *log)
{
    static const char *const fixed[] = {
        "-cc1",
        "-triple",
        "spir64-unknown-unknown",
        "-emit-llvm-bc",
        "-finclude-default-header",
        "-fdeclare-opencl-builtins",
        "-no-opaque-pointers",
        "-fno-caret-diagnostics",
    };
    size_t nfixed = sizeof(fixed) / sizeof(fixed[0]);
    struct workdir w;
    char out_path[PATH_MAX], macros_path[PATH_MAX];
    char **argv;
    size_t n = 0;
    int rc = -1;

    bitcode->data = NULL;
    bitcode->size = 0;
    argv = calloc(nfixed + opts->num_clang_args + 14, sizeof(*argv));
    if (!argv)
        return -1;
    if (workdir_create(&w, log))
        goto out_argv;
    if (workdir_write(&w, MAIN_SOURCE, source, strlen(source))) {
        hmmcl_text_printf(log, "hmmcl: cannot write the source in %s\n", w.path);
        goto out_dir;
    }
    for (size_t i = 0; i < num_headers; i++) {
        if (!*headers[i].name || headers[i].name[0] == '/' || strstr(headers[i].name, "..") ||
            workdir_write(&w, headers[i].name, headers[i].source, strlen(headers[i].source))) {
            hmmcl_text_printf(log, "hmmcl: cannot place the header \"%s\"\n", headers[i].name);
            goto out_dir;
        }
    }
    argv[n++] = (char *)tool_path(TOOL_CLANG);
    for (size_t i = 0; i < nfixed; i++)
        argv[n++] = (char *)fixed[i];
    argv[n++] = opts->opt_disable ? "-O0" : "-O2";
    for (size_t i = 0; i < opts->num_clang_args; i++)
        argv[n++] = opts->clang_args[i];
    if (opts->device_macros) {
        /* After clang's default header, which defines macros of its own (device_macros.c). */
        if (workdir_write(&w, DEVICE_MACROS, opts->device_macros, strlen(opts->device_macros))) {
            hmmcl_text_printf(log, "hmmcl: cannot write the device macros in %s\n", w.path);
            goto out_dir;
        }
        workdir_file(&w, DEVICE_MACROS, macros_path, sizeof(macros_path));
        argv[n++] = "-include";
        argv[n++] = macros_path;
    }
    /* The embedded headers are found from any directory. */
    argv[n++] = "-I";
    argv[n++] = w.path;
    argv[n++] = "-o";
    argv[n++] = "program.bc";
    argv[n++] = MAIN_SOURCE;
    if (run_logged(&w, argv, log))
        goto out_dir;
    if (!opts->opt_disable) {
        int odd = has_narrow_ints(&w, log);
        if (odd < 0 || (odd && legalize_narrow_ints(&w, argv, n, log)))
            goto out_dir;
    }
    workdir_file(&w, "program.bc", out_path, sizeof(out_path));
    if (read_file(out_path, bitcode)) {
        hmmcl_text_printf(log, "hmmcl: clang left no output\n");
        goto out_dir;
    }
    rc = 0;
out_dir:
    workdir_remove(&w);
out_argv:
    free(argv);
    return rc;
}

/* ---- link -------------------------------------------------------------- */

int hmmcl_fe_link(const struct hmmcl_blob *inputs, size_t num_inputs, struct hmmcl_blob *bitcode,
                  struct hmmcl_text *log)
{
    struct workdir w;
    char out_path[PATH_MAX];
    char **argv, (*names)[32];
    size_t n = 0;
    int rc = -1;

    bitcode->data = NULL;
    bitcode->size = 0;
    argv = calloc(num_inputs + 8, sizeof(*argv));
    names = calloc(num_inputs, sizeof(*names));
    if (!argv || !names)
        goto out_argv;
    if (workdir_create(&w, log))
        goto out_argv;
    argv[n++] = (char *)tool_path(TOOL_LLVM_LINK);
    for (size_t i = 0; i < num_inputs; i++) {
        snprintf(names[i], sizeof(names[i]), "in%zu.bc", i);
        if (workdir_write(&w, names[i], inputs[i].data, inputs[i].size)) {
            hmmcl_text_printf(log, "hmmcl: cannot write %s in %s\n", names[i], w.path);
            goto out_dir;
        }
        argv[n++] = names[i];
    }
    argv[n++] = "-o";
    argv[n++] = "linked.bc";
    if (run_logged(&w, argv, log))
        goto out_dir;
    if (num_inputs > 1) {
        /* Inputs compiled for different OpenCL C versions: keep one (link_versions.c). */
        char *as_argv[] = {(char *)tool_path(TOOL_LLVM_AS), "linked.ll", "-o", "linked.bc", NULL};
        char *text = disassemble(&w, "linked.bc", log), *fixed;

        if (!text)
            goto out_dir;
        fixed = hmmcl_fe_unify_versions(text);
        free(text);
        if (fixed && (workdir_write(&w, "linked.ll", fixed, strlen(fixed)) ||
                      run_logged(&w, as_argv, log))) {
            free(fixed);
            goto out_dir;
        }
        free(fixed);
    }
    workdir_file(&w, "linked.bc", out_path, sizeof(out_path));
    if (read_file(out_path, bitcode)) {
        hmmcl_text_printf(log, "hmmcl: llvm-link left no output\n");
        goto out_dir;
    }
    rc = 0;
out_dir:
    workdir_remove(&w);
out_argv:
    free(names);
    free(argv);
    return rc;
}

/* ---- translate --------------------------------------------------------- */

char *hmmcl_fe_strip_freeze(const char *text)
{
    struct hmmcl_text out = {0};
    const char *line = text;

    while (*line) {
        const char *eol = strchr(line, '\n');
        size_t len = eol ? (size_t)(eol - line) + 1 : strlen(line);
        const char *f = memmem(line, len, " = freeze ", 10);

        if (f) {
            /* "%x = freeze T V[, !md ...]" -> "%x = select i1 true, T V, T V[, !md ...]" */
            const char *op = f + 10, *end = line + len;
            const char *md, *sp;

            if (end > op && end[-1] == '\n')
                end--;
            md = end > op ? memmem(op, (size_t)(end - op), ", !", 3) : NULL;
            if (md)
                end = md;
            sp = end;
            while (sp > op && sp[-1] != ' ')
                sp--;
            if (sp > op + 1) {
                size_t tlen = (size_t)(sp - 1 - op), vlen = (size_t)(end - sp);

                /* A vector select needs a vector condition: all-false picks the same V. */
                int nlanes = *op == '<' ? atoi(op + 1) : 0;

                hmmcl_text_append(&out, line, (size_t)(f - line));
                if (nlanes > 0)
                    hmmcl_text_printf(&out, " = select <%d x i1> zeroinitializer, ", nlanes);
                else
                    hmmcl_text_printf(&out, " = select i1 true, ");
                hmmcl_text_printf(&out, "%.*s %.*s, %.*s %.*s", (int)tlen, op, (int)vlen, sp,
                                  (int)tlen, op, (int)vlen, sp);
                hmmcl_text_append(&out, end, (size_t)(line + len - end));
                line += len;
                continue;
            }
        }
        hmmcl_text_append(&out, line, len);
        line += len;
    }
    if (!out.buf)
        return strdup("");
    return hmmcl_text_take(&out);
}

#define SPIRV_OP_ATOMIC_COMPARE_EXCHANGE      230
#define SPIRV_OP_ATOMIC_COMPARE_EXCHANGE_WEAK 231

/*
 * llvm-spirv-15 writes SPIR-V 1.4 but still uses OpAtomicCompareExchangeWeak
 * (for atomic_compare_exchange_weak), which 1.4 removed, so the validator
 * rejects the module. The strong form has the same operands and is a valid
 * implementation of the weak one: rewrite the opcode. (Asking for 1.3
 * instead does not work: llvm-spirv-15 then still lists every global
 * variable in OpEntryPoint, which only 1.4 allows.)
 */
static void strong_compare_exchange(struct hmmcl_blob *spirv)
{
    uint32_t *w = (uint32_t *)(void *)spirv->data;
    size_t n = spirv->size / 4;

    if (n < 5 || w[1] < 0x00010400u)
        return;
    for (size_t i = 5; i < n && w[i] >> 16 && i + (w[i] >> 16) <= n; i += w[i] >> 16) {
        if ((w[i] & 0xffff) == SPIRV_OP_ATOMIC_COMPARE_EXCHANGE_WEAK)
            w[i] = (w[i] & 0xffff0000u) | SPIRV_OP_ATOMIC_COMPARE_EXCHANGE;
    }
}

/* program.spv of @w, as llvm-spirv wrote it, made valid SPIR-V 1.4 (above). */
static int read_spirv(const struct workdir *w, struct hmmcl_blob *spirv, struct hmmcl_text *log)
{
    char path[PATH_MAX];

    workdir_file(w, "program.spv", path, sizeof(path));
    if (read_file(path, spirv)) {
        hmmcl_text_printf(log, "hmmcl: llvm-spirv left no output\n");
        return -1;
    }
    strong_compare_exchange(spirv);
    return 0;
}

/*
 * Link the built-in library (compiler/builtins.h) into program.bc: only the
 * functions the program calls, and what they call in turn.
 */
static int link_builtins(const struct workdir *w, struct hmmcl_text *log)
{
    char *argv[] = {(char *)tool_path(TOOL_LLVM_LINK),
                    "--only-needed",
                    "program.bc",
                    "builtins.bc",
                    "-o",
                    "linked.bc",
                    NULL};
    char from[PATH_MAX], to[PATH_MAX];

    if (workdir_write(w, "builtins.bc", hmmcl_builtins_bc, hmmcl_builtins_bc_size())) {
        hmmcl_text_printf(log, "hmmcl: cannot write the built-in library in %s\n", w->path);
        return -1;
    }
    if (run_logged(w, argv, log))
        return -1;
    workdir_file(w, "linked.bc", from, sizeof(from));
    workdir_file(w, "program.bc", to, sizeof(to));
    if (rename(from, to)) {
        hmmcl_text_printf(log, "hmmcl: cannot replace program.bc: %s\n", strerror(errno));
        return -1;
    }
    return 0;
}

int hmmcl_fe_translate(const struct hmmcl_blob *bitcode, struct hmmcl_blob *spirv, char **arg_info,
                       struct hmmcl_text *log)
{
    char *spirv_argv[] = {(char *)tool_path(TOOL_LLVM_SPIRV), "program.bc", "-o", "program.spv",
                          NULL};
    struct hmmcl_blob err = {0};
    struct workdir w;
    char *text = NULL;
    int rc = -1, st;

    spirv->data = NULL;
    spirv->size = 0;
    if (workdir_create(&w, log))
        return -1;
    if (workdir_write(&w, "program.bc", bitcode->data, bitcode->size)) {
        hmmcl_text_printf(log, "hmmcl: cannot write the bitcode in %s\n", w.path);
        goto out;
    }
    if (arg_info) {
        text = disassemble(&w, "program.bc", log);
        if (!text)
            goto out;
        *arg_info = hmmcl_arginfo_from_llvm(text);
        if (!*arg_info) {
            hmmcl_text_printf(log, "hmmcl: out of memory reading kernel argument information\n");
            goto out;
        }
    }
    if (link_builtins(&w, log))
        goto out;
    /* The text read for the argument information lacks the library now linked in. */
    free(text);
    text = NULL;
    st = run_tool(&w, spirv_argv, &err, log);
    if (st > 0 && err.data && strstr((char *)err.data, "freeze")) {
        char *as_argv[] = {(char *)tool_path(TOOL_LLVM_AS), "nofreeze.ll", "-o", "program.bc",
                           NULL};
        char *fixed;

        hmmcl_blob_free(&err);
        if (!text && !(text = disassemble(&w, "program.bc", log)))
            goto out;
        fixed = hmmcl_fe_strip_freeze(text);
        if (!fixed || workdir_write(&w, "nofreeze.ll", fixed, strlen(fixed))) {
            free(fixed);
            hmmcl_text_printf(log, "hmmcl: cannot rewrite freeze instructions\n");
            goto out;
        }
        free(fixed);
        if (run_logged(&w, as_argv, log))
            goto out;
        st = run_tool(&w, spirv_argv, &err, log);
    }
    if (st) {
        if (st > 0) {
            hmmcl_text_printf(log, "hmmcl: llvm-spirv cannot translate the program:\n");
            if (err.size)
                hmmcl_text_append(log, (char *)err.data, err.size);
        }
        goto out;
    }
    if (read_spirv(&w, spirv, log))
        goto out;
    rc = 0;
out:
    if (rc && arg_info && *arg_info) {
        free(*arg_info);
        *arg_info = NULL;
    }
    hmmcl_blob_free(&err);
    free(text);
    workdir_remove(&w);
    return rc;
}

/* ---- lower ------------------------------------------------------------- */

/*
 * A copy of @size bytes of SPIR-V (aligned words, the place to patch spec
 * constants) with @spec applied, validated; NULL with the reason in @log.
 */
static uint32_t *validated_copy(const void *spirv, size_t size,
                                const struct hmmcl_fe_spec_const *spec, size_t num_spec,
                                struct hmmcl_text *log)
{
    char msg[1024] = "";
    uint32_t *words;

    if (size % 4 || size < 20) {
        hmmcl_text_printf(log, "hmmcl: invalid SPIR-V: %zu bytes is not a module\n", size);
        return NULL;
    }
    words = malloc(size);
    if (!words) {
        hmmcl_text_printf(log, "hmmcl: out of memory\n");
        return NULL;
    }
    memcpy(words, spirv, size);
    if (num_spec && hmmcl_fe_specialize(words, size / 4, spec, num_spec)) {
        hmmcl_text_printf(log, "hmmcl: out of memory\n");
        free(words);
        return NULL;
    }
    double start = hmmcl_log_time_start();
    int rc = hmm_spirv_validate(words, size / 4, msg, sizeof(msg));
    hmmcl_log_time("SPIR-V validation", start);
    if (rc) {
        hmmcl_text_printf(log, "hmmcl: invalid SPIR-V: %s\n", msg);
        free(words);
        return NULL;
    }
    return words;
}

/*
 * SPIR-V -> bitcode (llvm-spirv -r) -> linked with the built-in library ->
 * SPIR-V. Specialization constants must already be applied to @words: the
 * reverse translation turns them into ordinary constants.
 */
static int relink_with_builtins(const uint32_t *words, size_t size, struct hmmcl_blob *spirv,
                                struct hmmcl_text *log)
{
    char *rev_argv[] = {
        (char *)tool_path(TOOL_LLVM_SPIRV), "-r", "input.spv", "-o", "program.bc", NULL};
    char *spirv_argv[] = {(char *)tool_path(TOOL_LLVM_SPIRV), "program.bc", "-o", "program.spv",
                          NULL};
    struct workdir w;
    int rc = -1;

    if (workdir_create(&w, log))
        return -1;
    if (workdir_write(&w, "input.spv", words, size)) {
        hmmcl_text_printf(log, "hmmcl: cannot write the SPIR-V in %s\n", w.path);
        goto out;
    }
    if (run_logged(&w, rev_argv, log) || link_builtins(&w, log) || run_logged(&w, spirv_argv, log))
        goto out;
    if (read_spirv(&w, spirv, log))
        goto out;
    rc = 0;
out:
    workdir_remove(&w);
    return rc;
}

int hmmcl_fe_spirv_to_bitcode(const void *spirv, size_t size,
                              const struct hmmcl_fe_spec_const *spec, size_t num_spec,
                              struct hmmcl_blob *bitcode, struct hmmcl_text *log)
{
    char *argv[] = {
        (char *)tool_path(TOOL_LLVM_SPIRV), "-r", "input.spv", "-o", "program.bc", NULL};
    char path[PATH_MAX];
    struct workdir w;
    uint32_t *words;
    int rc = -1;

    bitcode->data = NULL;
    bitcode->size = 0;
    /* Invalid IL fails here, with the validator's message, not at link time. */
    words = validated_copy(spirv, size, spec, num_spec, log);
    if (!words)
        return -1;
    if (workdir_create(&w, log))
        goto out_words;
    if (workdir_write(&w, "input.spv", words, size)) {
        hmmcl_text_printf(log, "hmmcl: cannot write the SPIR-V in %s\n", w.path);
        goto out_dir;
    }
    if (run_logged(&w, argv, log))
        goto out_dir;
    workdir_file(&w, "program.bc", path, sizeof(path));
    if (read_file(path, bitcode)) {
        hmmcl_text_printf(log, "hmmcl: llvm-spirv -r left no output\n");
        goto out_dir;
    }
    rc = 0;
out_dir:
    workdir_remove(&w);
out_words:
    free(words);
    return rc;
}

int hmmcl_fe_lower(const void *spirv, size_t size, const struct hmmcl_fe_spec_const *spec,
                   size_t num_spec, struct hmmcl_blob *image, struct hmmcl_text *log)
{
    char msg[1024] = "";
    uint32_t *words;
    void *img = NULL;
    size_t img_size = 0;
    int rc;

    image->data = NULL;
    image->size = 0;
    words = validated_copy(spirv, size, spec, num_spec, log);
    if (!words)
        return -1;
    double start = hmmcl_log_time_start();
    rc = hmm_spirv_lower(words, size / 4, &img, &img_size, msg, sizeof(msg));
    hmmcl_log_time("SPIR-V parse and lowering", start);
    if (rc == -ENOENT) {
        /*
         * A SPIR-V program (clCreateProgramWithIL) calls built-ins only the
         * library implements: link it in through LLVM and lower that.
         */
        struct hmmcl_blob linked = {0};

        rc = -1;
        if (!relink_with_builtins(words, size, &linked, log)) {
            const uint32_t *lw = (const uint32_t *)(const void *)linked.data;

            msg[0] = 0;
            rc = hmm_spirv_validate(lw, linked.size / 4, msg, sizeof(msg));
            if (!rc)
                rc = hmm_spirv_lower(lw, linked.size / 4, &img, &img_size, msg, sizeof(msg));
        }
        hmmcl_blob_free(&linked);
    }
    free(words);
    if (rc) {
        hmmcl_text_printf(log, "hmmcl: %s\n", msg);
        return -1;
    }
    image->data = img;
    image->size = img_size;
    return 0;
}
