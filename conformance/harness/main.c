/*
 * hmmcl-conformance: command line, platform/device selection, test runner,
 * watchdog and crash reporting.
 */
#include "harness.h"
#include "runner.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>

static const struct conf_category *const categories[] = {
    &conf_cat_api,       &conf_cat_queues,      &conf_cat_events,      &conf_cat_buffers,
    &conf_cat_svm,       &conf_cat_concurrency, &conf_cat_compiler,    &conf_cat_execution,
    &conf_cat_atomics,   &conf_cat_barrier,     &conf_cat_math,        &conf_cat_conversions,
    &conf_cat_integer,   &conf_cat_vector,      &conf_cat_collectives, &conf_cat_printf,
    &conf_cat_common,    &conf_cat_geometric,   &conf_cat_relational,  &conf_cat_programs,
    &conf_cat_lifetimes,
};
#define NCATEGORIES (sizeof(categories) / sizeof(categories[0]))

static unsigned n_pass, n_fail, n_skip;
static bool in_child; /* running one test for a parent (--run-one) */
static unsigned long n_checks;
static const char *current_category, *current_test;

void conf_print_summary(void)
{
    printf("# %lu assertions\n", n_checks);
    printf("%u passed, %u failed, %u skipped\n", n_pass, n_fail, n_skip);
    fflush(stdout);
}

/* --- watchdog ------------------------------------------------------------ */
/* The watchdog is a failure detector: it never orders work, it only ends a
 * run that stopped making progress. */
static pthread_mutex_t wd_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wd_cond;
static bool wd_armed;
static struct timespec wd_deadline;
static unsigned wd_seconds;
static char wd_name[256];

static void *watchdog_main(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&wd_lock);
    for (;;) {
        if (!wd_armed) {
            pthread_cond_wait(&wd_cond, &wd_lock);
            continue;
        }
        int rc = pthread_cond_timedwait(&wd_cond, &wd_lock, &wd_deadline);
        if (rc == ETIMEDOUT && wd_armed) {
            struct timespec now;
            clock_gettime(CLOCK_MONOTONIC, &now);
            if (now.tv_sec > wd_deadline.tv_sec ||
                (now.tv_sec == wd_deadline.tv_sec && now.tv_nsec >= wd_deadline.tv_nsec)) {
                printf("  watchdog: %s did not finish within %u s (hang?)\n", wd_name, wd_seconds);
                fflush(stdout);
                if (!in_child) {
                    printf("FAIL %s\n", wd_name);
                    n_fail++;
                    conf_print_summary();
                }
                abort();
            }
        }
    }
    return NULL;
}

void conf_watchdog_start(void)
{
    pthread_condattr_t a;
    pthread_condattr_init(&a);
    pthread_condattr_setclock(&a, CLOCK_MONOTONIC);
    pthread_cond_init(&wd_cond, &a);
    pthread_t th;
    pthread_create(&th, NULL, watchdog_main, NULL);
    pthread_detach(th);
}

/*
 * $CLCONF_TIMEOUT_SCALE multiplies every limit: an emulated machine (the kernel test VM
 * runs under TCG, 10-30 times slower) needs more time for the same work, a real hang
 * is still caught.
 */
static unsigned timeout_scale(void)
{
    const char *env = getenv("CLCONF_TIMEOUT_SCALE");
    long v = env ? strtol(env, NULL, 10) : 1;
    return v >= 1 && v <= 100 ? (unsigned)v : 1;
}

void conf_watchdog_arm(const char *category, const char *test, unsigned seconds)
{
    seconds *= timeout_scale();
    pthread_mutex_lock(&wd_lock);
    clock_gettime(CLOCK_MONOTONIC, &wd_deadline);
    wd_deadline.tv_sec += seconds;
    wd_seconds = seconds;
    snprintf(wd_name, sizeof(wd_name), "%s/%s", category, test);
    wd_armed = true;
    pthread_cond_signal(&wd_cond);
    pthread_mutex_unlock(&wd_lock);
}

void conf_watchdog_disarm(void)
{
    pthread_mutex_lock(&wd_lock);
    wd_armed = false;
    pthread_cond_signal(&wd_cond);
    pthread_mutex_unlock(&wd_lock);
}

/* --- crash reporting ----------------------------------------------------- */
static void crash_handler(int sig)
{
    /* Best effort: the process is going down anyway. */
    printf("  crashed with signal %d (%s)\n", sig, strsignal(sig));
    fflush(stdout);
    if (!in_child) {
        printf("FAIL %s/%s\n", current_category ? current_category : "?",
               current_test ? current_test : "?");
        n_fail++;
        conf_print_summary();
    }
    signal(sig, SIG_DFL);
    raise(sig);
}

/* --- selection ----------------------------------------------------------- */
static void usage(FILE *f)
{
    fprintf(f, "usage: hmmcl-conformance [--platform NAME] "
               "[--device-type cpu|gpu|accelerator|default|all] [--list] [--jobs N] "
               "[category[/test] ...]\n"
               "  NAME matches CL_PLATFORM_NAME exactly, then as a case-insensitive substring;\n"
               "  default: $CLCONF_PLATFORM, else the first platform.\n"
               "  --jobs N: application threads used by the concurrency tests (default 8).\n"
               "  --no-fork: run all tests in this process (default: one process per test).\n"
               "  $CLCONF_TIMEOUT_SCALE (1-100) multiplies the per-test time limits.\n");
}

static void list_platforms(FILE *f, cl_platform_id *p, cl_uint n)
{
    fprintf(f, "available platforms:\n");
    for (cl_uint i = 0; i < n; i++) {
        char name[256] = "";
        clGetPlatformInfo(p[i], CL_PLATFORM_NAME, sizeof(name), name, NULL);
        fprintf(f, "  %s\n", name);
    }
}

static cl_platform_id pick_platform(const char *want)
{
    cl_uint n = 0;
    if (clGetPlatformIDs(0, NULL, &n) != CL_SUCCESS || n == 0) {
        fprintf(stderr, "no OpenCL platforms found through the ICD loader\n");
        exit(2);
    }
    cl_platform_id *p = calloc(n, sizeof(*p));
    clGetPlatformIDs(n, p, NULL);
    cl_platform_id found = NULL;
    if (!want)
        found = p[0];
    for (int pass = 0; pass < 2 && !found; pass++) {
        for (cl_uint i = 0; i < n && !found; i++) {
            char name[256] = "";
            clGetPlatformInfo(p[i], CL_PLATFORM_NAME, sizeof(name), name, NULL);
            if (pass == 0 ? strcmp(name, want) == 0 : strcasestr(name, want) != NULL)
                found = p[i];
        }
    }
    if (!found) {
        fprintf(stderr, "no platform named \"%s\"\n", want);
        list_platforms(stderr, p, n);
        exit(2);
    }
    free(p);
    return found;
}

static bool selected(int argc, char **argv, int first, const char *cat, const char *test)
{
    if (first >= argc)
        return true;
    for (int i = first; i < argc; i++) {
        const char *slash = strchr(argv[i], '/');
        if (!slash) {
            if (strcmp(argv[i], cat) == 0)
                return true;
        } else if ((size_t)(slash - argv[i]) == strlen(cat) &&
                   strncmp(argv[i], cat, strlen(cat)) == 0 && strcmp(slash + 1, test) == 0) {
            return true;
        }
    }
    return false;
}

static bool known_selector(const char *arg)
{
    const char *slash = strchr(arg, '/');
    size_t clen = slash ? (size_t)(slash - arg) : strlen(arg);
    for (size_t c = 0; c < NCATEGORIES; c++) {
        if (strlen(categories[c]->name) != clen || strncmp(categories[c]->name, arg, clen) != 0)
            continue;
        if (!slash)
            return true;
        for (size_t i = 0; i < categories[c]->count; i++)
            if (strcmp(categories[c]->tests[i].name, slash + 1) == 0)
                return true;
    }
    return false;
}

/* Runs one test in this process; returns 'P', 'F' or 'S'. */
static char run_here(const struct conf_category *c, const struct conf_test *test,
                     cl_platform_id platform, cl_device_id device, int jobs, unsigned *checks,
                     char *skip_reason, size_t reason_size)
{
    conf_t t;
    memset(&t, 0, sizeof(t));
    t.platform = platform;
    t.device = device;
    t.category = c->name;
    t.name = test->name;
    t.jobs = jobs;
    current_category = c->name;
    current_test = test->name;
    conf_watchdog_arm(c->name, test->name, c->timeout ? c->timeout : 60);
    test->fn(&t);
    conf_test_cleanup(&t);
    conf_watchdog_disarm();
    *checks = t.checks;
    snprintf(skip_reason, reason_size, "%s", t.skip_reason);
    return t.failures ? 'F' : t.skipped ? 'S' : 'P';
}

static void report(const struct conf_category *c, const struct conf_test *test, char r,
                   unsigned checks, const char *reason)
{
    n_checks += checks;
    if (r == 'F') {
        n_fail++;
        printf("FAIL %s/%s\n", c->name, test->name);
    } else if (r == 'S') {
        n_skip++;
        printf("SKIP %s/%s: %s\n", c->name, test->name, reason);
    } else {
        n_pass++;
        printf("PASS %s/%s\n", c->name, test->name);
    }
    fflush(stdout);
}

/* Child mode (--run-one): run the test, send "<P|F|S> <checks> <reason>" to the parent. */
static int child_main(const struct conf_category *c, const struct conf_test *test,
                      cl_platform_id platform, cl_device_id device, int jobs, int fd)
{
    unsigned checks = 0;
    char reason[256] = "";
    char r = run_here(c, test, platform, device, jobs, &checks, reason, sizeof(reason));
    fflush(stdout);
    char msg[320];
    int n = snprintf(msg, sizeof(msg), "%c %u %s", r, checks, reason);
    if (write(fd, msg, (size_t)n) != n)
        return 3;
    close(fd);
    return 0;
}

/* Isolated mode: each test runs in a fresh process (a crash or hang in one test, or
 * state a broken implementation leaves behind, cannot take the others down). */
static void run_forked(const struct conf_category *c, const struct conf_test *test,
                       const char *platform_arg, const char *devtype, unsigned devindex, int jobs)
{
    int fds[2];
    if (pipe(fds) != 0) {
        perror("pipe");
        exit(2);
    }
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0) {
        perror("fork");
        exit(2);
    }
    if (pid == 0) {
        close(fds[0]);
        char sel[256], fd[16], idx[16], jb[16];
        snprintf(sel, sizeof(sel), "%s/%s", c->name, test->name);
        snprintf(fd, sizeof(fd), "%d", fds[1]);
        snprintf(idx, sizeof(idx), "%u", devindex);
        snprintf(jb, sizeof(jb), "%d", jobs);
        char *argv[16];
        int a = 0;
        argv[a++] = (char *)"hmmcl-conformance";
        if (platform_arg) {
            argv[a++] = (char *)"--platform";
            argv[a++] = (char *)platform_arg;
        }
        argv[a++] = (char *)"--device-type";
        argv[a++] = (char *)devtype;
        argv[a++] = (char *)"--jobs";
        argv[a++] = jb;
        argv[a++] = (char *)"--run-one";
        argv[a++] = fd;
        argv[a++] = idx;
        argv[a++] = sel;
        argv[a] = NULL;
        execv("/proc/self/exe", argv);
        perror("execv /proc/self/exe");
        _exit(127);
    }
    close(fds[1]);
    char msg[320];
    size_t got = 0;
    for (;;) {
        ssize_t n = read(fds[0], msg + got, sizeof(msg) - 1 - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    close(fds[0]);
    msg[got] = '\0';
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    char r = 0;
    unsigned checks = 0;
    int off = 0;
    if (got >= 3 && sscanf(msg, "%c %u %n", &r, &checks, &off) >= 2 &&
        (r == 'P' || r == 'F' || r == 'S')) {
        if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
            report(c, test, r, checks, msg + off);
            return;
        }
    }
    if (WIFSIGNALED(status))
        printf("  test process killed by signal %d (%s)\n", WTERMSIG(status),
               strsignal(WTERMSIG(status)));
    else
        printf("  test process exited with status %d without a result\n",
               WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    report(c, test, 'F', checks, "");
}

static const struct conf_test *find_test(const char *sel, const struct conf_category **cat)
{
    const char *slash = strchr(sel, '/');
    if (!slash)
        return NULL;
    for (size_t c = 0; c < NCATEGORIES; c++) {
        if (strlen(categories[c]->name) != (size_t)(slash - sel) ||
            strncmp(categories[c]->name, sel, (size_t)(slash - sel)) != 0)
            continue;
        for (size_t i = 0; i < categories[c]->count; i++)
            if (strcmp(categories[c]->tests[i].name, slash + 1) == 0) {
                *cat = categories[c];
                return &categories[c]->tests[i];
            }
    }
    return NULL;
}

int main(int argc, char **argv)
{
    const char *platform_name = getenv("CLCONF_PLATFORM");
    const char *devtype = "default";
    bool list = false, isolate = true;
    int jobs = 8, result_fd = -1;
    unsigned run_index = 0;
    const char *run_one_sel = NULL;
    const char *platform_arg = NULL;
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (strcmp(argv[i], "--platform") == 0 && i + 1 < argc) {
            platform_name = platform_arg = argv[++i];
        } else if (strcmp(argv[i], "--device-type") == 0 && i + 1 < argc) {
            devtype = argv[++i];
        } else if (strcmp(argv[i], "--jobs") == 0 && i + 1 < argc) {
            jobs = atoi(argv[++i]);
            if (jobs < 1)
                jobs = 1;
        } else if (strcmp(argv[i], "--no-fork") == 0) {
            isolate = false;
        } else if (strcmp(argv[i], "--run-one") == 0 && i + 3 < argc) {
            /* internal: --run-one FD DEVICE-INDEX category/test */
            result_fd = atoi(argv[++i]);
            run_index = (unsigned)atoi(argv[++i]);
            run_one_sel = argv[++i];
        } else if (strcmp(argv[i], "--list") == 0) {
            list = true;
        } else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return 0;
        } else {
            usage(stderr);
            return 2;
        }
    }
    for (int a = i; a < argc; a++) {
        if (!known_selector(argv[a])) {
            fprintf(stderr, "unknown category or test: %s (see --list)\n", argv[a]);
            return 2;
        }
    }
    if (list) {
        for (size_t c = 0; c < NCATEGORIES; c++) {
            printf("%s: %s\n", categories[c]->name, categories[c]->summary);
            for (size_t k = 0; k < categories[c]->count; k++)
                if (selected(argc, argv, i, categories[c]->name, categories[c]->tests[k].name))
                    printf("  %s/%s\n", categories[c]->name, categories[c]->tests[k].name);
        }
        return 0;
    }

    cl_device_type type;
    if (strcmp(devtype, "cpu") == 0)
        type = CL_DEVICE_TYPE_CPU;
    else if (strcmp(devtype, "gpu") == 0)
        type = CL_DEVICE_TYPE_GPU;
    else if (strcmp(devtype, "accelerator") == 0)
        type = CL_DEVICE_TYPE_ACCELERATOR;
    else if (strcmp(devtype, "default") == 0)
        type = CL_DEVICE_TYPE_DEFAULT;
    else if (strcmp(devtype, "all") == 0)
        type = CL_DEVICE_TYPE_ALL;
    else {
        usage(stderr);
        return 2;
    }

    cl_platform_id platform = pick_platform(platform_name);
    cl_uint ndev = 0;
    cl_int err = clGetDeviceIDs(platform, type, 0, NULL, &ndev);
    if (err != CL_SUCCESS || ndev == 0) {
        fprintf(stderr, "no device of type %s on the platform: %s\n", devtype, conf_err_name(err));
        return 2;
    }
    cl_device_id *devs = calloc(ndev, sizeof(*devs));
    clGetDeviceIDs(platform, type, ndev, devs, NULL);
    if (type != CL_DEVICE_TYPE_ALL)
        ndev = 1; /* the first device of the requested type */

    if (run_one_sel) {
        const struct conf_category *cat = NULL;
        const struct conf_test *test = find_test(run_one_sel, &cat);
        if (!test || run_index >= ndev) {
            free(devs);
            return 2;
        }
        setvbuf(stdout, NULL, _IOLBF, 0);
        signal(SIGSEGV, crash_handler);
        signal(SIGBUS, crash_handler);
        signal(SIGFPE, crash_handler);
        signal(SIGILL, crash_handler);
        conf_watchdog_start();
        in_child = true;
        cl_device_id device = devs[run_index];
        free(devs);
        return child_main(cat, test, platform, device, jobs, result_fd);
    }

    signal(SIGSEGV, crash_handler);
    signal(SIGBUS, crash_handler);
    signal(SIGFPE, crash_handler);
    signal(SIGILL, crash_handler);
    setvbuf(stdout, NULL, _IOLBF, 0);
    conf_watchdog_start();

    char pname[256] = "", pver[256] = "";
    clGetPlatformInfo(platform, CL_PLATFORM_NAME, sizeof(pname), pname, NULL);
    clGetPlatformInfo(platform, CL_PLATFORM_VERSION, sizeof(pver), pver, NULL);
    printf("# platform: %s (%s)\n", pname, pver);
    for (cl_uint d = 0; d < ndev; d++) {
        char dname[256] = "";
        clGetDeviceInfo(devs[d], CL_DEVICE_NAME, sizeof(dname), dname, NULL);
        printf("# device: %s\n", dname);
        for (size_t c = 0; c < NCATEGORIES; c++)
            for (size_t k = 0; k < categories[c]->count; k++)
                if (selected(argc, argv, i, categories[c]->name, categories[c]->tests[k].name)) {
                    const struct conf_category *cat = categories[c];
                    const struct conf_test *test = &cat->tests[k];
                    if (isolate) {
                        run_forked(cat, test, platform_arg, devtype, d, jobs);
                    } else {
                        unsigned checks = 0;
                        char reason[256] = "";
                        char r = run_here(cat, test, platform, devs[d], jobs, &checks, reason,
                                          sizeof(reason));
                        report(cat, test, r, checks, reason);
                    }
                }
    }
    free(devs);
    current_category = current_test = NULL;
    conf_print_summary();
    return n_fail == 0 ? 0 : 1;
}
