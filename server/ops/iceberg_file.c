/* iceberg_file.c -- Iceberg metadata files at file:// locations: atomic write, capped read, both
** only under the folders catalogd may use. */
#include "ops/iceberg_file.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/util.h"

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

int ice_file_path(const char *uri, char *buf, size_t size)
{
    const char *p;
    size_t n = 0;
    if (uri == NULL || strncmp(uri, "file:", 5) != 0)
        return -1;
    p = uri + 5;
    if (strncmp(p, "//", 2) == 0) {
        p += 2;
        if (strncmp(p, "localhost/", 10) == 0)
            p += 9;
    }
    if (*p != '/')
        return -1; /* "file://host/..." or a relative path */
    for (; *p; p++) {
        int c = (unsigned char)*p;
        if (c == '?' || c == '#')
            return -1;
        if (c == '%') {
            int hi = hexval(p[1]), lo = hi < 0 ? -1 : hexval(p[2]);
            if (lo < 0)
                return -1;
            c = hi * 16 + lo;
            p += 2;
        }
        if (c == '\0' || n + 1 >= size)
            return -1;
        buf[n++] = (char)c;
    }
    buf[n] = '\0';
    /* no "." or ".." segment */
    for (p = buf; (p = strchr(p, '/')) != NULL; p++) {
        if ((p[1] == '.' && (p[2] == '/' || p[2] == '\0')) ||
            (p[1] == '.' && p[2] == '.' && (p[3] == '/' || p[3] == '\0')))
            return -1;
    }
    return 0;
}

/* ---- Where catalogd may write and read (set once, before serving). ---- */

static char *write_root;  /* the local path of a file:// --warehouse, or NULL */
static char **read_roots; /* the --crawl-root folders */
static int nread;
static pthread_mutex_t roots_lock = PTHREAD_MUTEX_INITIALIZER;

void ice_file_set_warehouse(const char *uri)
{
    char path[4096];
    pthread_mutex_lock(&roots_lock);
    free(write_root);
    write_root = uri && ice_file_path(uri, path, sizeof(path)) == 0 ? xstrdup(path) : NULL;
    pthread_mutex_unlock(&roots_lock);
}

void ice_file_set_read_roots(const char *const *dirs, int n)
{
    int i;
    pthread_mutex_lock(&roots_lock);
    for (i = 0; i < nread; i++)
        free(read_roots[i]);
    free(read_roots);
    read_roots = n > 0 ? xcalloc((size_t)n, sizeof(char *)) : NULL;
    for (i = 0; i < n; i++)
        read_roots[i] = xstrdup(dirs[i]);
    nread = n;
    pthread_mutex_unlock(&roots_lock);
}

/* PATH (absolute, no "." or ".." segment) with its longest existing leading part resolved
** (symbolic links followed): OUT (PATH_MAX bytes).  -1 when nothing resolves. */
static int resolve(const char *path, char *out)
{
    char head[4096], real[PATH_MAX];
    size_t n = strlen(path);
    if (n >= sizeof(head))
        return -1;
    memcpy(head, path, n + 1);
    for (;;) {
        char *slash;
        if (realpath(head[0] ? head : "/", real) != NULL) {
            size_t r = strlen(real), tail = strlen(path + strlen(head));
            if (strcmp(real, "/") == 0)
                r = 0; /* the tail brings its own "/" */
            if (r + tail + 1 > PATH_MAX)
                return -1;
            memcpy(out, real, r);
            memcpy(out + r, path + strlen(head), tail + 1);
            if (out[0] == '\0')
                memcpy(out, "/", 2);
            return 0;
        }
        if (errno != ENOENT && errno != ENOTDIR)
            return -1;
        if ((slash = strrchr(head, '/')) == NULL || head[0] == '\0')
            return -1;
        *slash = '\0'; /* its parent ("" is "/") */
    }
}

/* 1 when PATH (resolved) is ROOT (resolved here) or below it. */
static int under(const char *path, const char *root)
{
    char r[PATH_MAX];
    size_t n;
    if (resolve(root, r) != 0)
        return 0;
    n = strlen(r);
    if (n == 1) /* "/" */
        return 1;
    return strncmp(path, r, n) == 0 && (path[n] == '/' || path[n] == '\0');
}

/* 1 when local PATH is under the warehouse (or, READING, a crawl root as well). */
static int allowed(const char *path, int reading)
{
    char real[PATH_MAX];
    int ok = 0, i;
    if (resolve(path, real) != 0)
        return 0;
    pthread_mutex_lock(&roots_lock);
    ok = write_root && under(real, write_root);
    for (i = 0; reading && !ok && i < nread; i++)
        ok = under(real, read_roots[i]);
    pthread_mutex_unlock(&roots_lock);
    return ok;
}

int ice_file_may_write(const char *uri, struct srv_error *err)
{
    char path[4096];
    int has_root;
    if (ice_file_path(uri, path, sizeof(path)) != 0 || allowed(path, 0))
        return CAT_OK; /* another scheme: nothing is written there */
    pthread_mutex_lock(&roots_lock);
    has_root = write_root != NULL;
    pthread_mutex_unlock(&roots_lock);
    return has_root ? srv_error_set(err, CAT_EACCESS,
                                    "Location %.300s is outside the warehouse: catalogd writes "
                                    "Iceberg metadata files only under its --warehouse.",
                                    uri)
                    : srv_error_set(err, CAT_EACCESS,
                                    "Location %.300s is refused: catalogd writes Iceberg metadata "
                                    "files only under a file:// --warehouse, and it has none.",
                                    uri);
}

int ice_file_local(const char *uri)
{
    char path[4096];
    return ice_file_path(uri, path, sizeof(path)) == 0;
}

/* mkdir -p of the folder holding PATH (which it changes and restores). */
static int make_parents(char *path)
{
    char *slash;
    for (slash = strchr(path + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
        *slash = '\0';
        if (mkdir(path, 0755) != 0 && errno != EEXIST) {
            int e = errno;
            *slash = '/';
            errno = e;
            return -1;
        }
        *slash = '/';
    }
    return 0;
}

static int write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

int ice_file_write(const char *uri, const json_t *meta, struct srv_error *err)
{
    char *text;
    int rc;
    if (!ice_file_local(uri))
        return CAT_OK; /* another scheme: catalogd writes nothing there */
    if ((text = json_dumps(meta, JSON_INDENT(2) | JSON_PRESERVE_ORDER)) == NULL)
        return srv_error_set(err, CAT_ENOMEM, "Out of memory.");
    rc = ice_file_write_text(uri, text, strlen(text), err);
    free(text);
    return rc;
}

int ice_file_write_text(const char *uri, const char *text, size_t len, struct srv_error *err)
{
    char path[4096], tmp[4200], id[37];
    int fd, rc = CAT_OK;
    if (!ice_file_local(uri))
        return CAT_OK; /* another scheme: catalogd writes nothing there */
    if (ice_file_may_write(uri, err) != CAT_OK)
        return err->code;
    ice_file_path(uri, path, sizeof(path));
    util_uuid(id);
    snprintf(tmp, sizeof(tmp), "%s.%s.tmp", path, id);
    if (make_parents(path) != 0) {
        rc = srv_error_set(err, CAT_ESERVERFAULT,
                           "catalogd cannot write the Iceberg metadata file %.300s: %s.", path,
                           strerror(errno));
        goto done;
    }
    if ((fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644)) < 0) {
        rc = srv_error_set(err, CAT_ESERVERFAULT,
                           "catalogd cannot write the Iceberg metadata file %.300s: %s.", path,
                           strerror(errno));
        goto done;
    }
    if (write_all(fd, text, len) != 0 || write_all(fd, "\n", 1) != 0 || fsync(fd) != 0) {
        int e = errno;
        close(fd);
        unlink(tmp);
        rc = srv_error_set(err, CAT_ESERVERFAULT,
                           "catalogd cannot write the Iceberg metadata file %.300s: %s.", path,
                           strerror(e));
        goto done;
    }
    close(fd);
    if (link(tmp, path) != 0) { /* never replaces a file */
        int e = errno;
        unlink(tmp);
        rc = e == EEXIST ? srv_error_set(err, CAT_EEXISTS,
                                         "The Iceberg metadata file %.300s exists already.", path)
                         : srv_error_set(err, CAT_ESERVERFAULT,
                                         "catalogd cannot write the Iceberg metadata file "
                                         "%.300s: %s.",
                                         path, strerror(e));
        goto done;
    }
    unlink(tmp);
done:
    return rc;
}

static int unreadable(const char *uri, const char *cause, struct srv_error *err)
{
    return srv_error_set(err, CAT_ESERVERFAULT,
                         "catalogd cannot read the Iceberg metadata at %.300s: %s.", uri, cause);
}

int ice_file_read(const char *uri, json_t **out, struct srv_error *err)
{
    char path[4096];
    struct stat sb;
    json_error_t je;
    char *buf;
    size_t got = 0;
    int fd;
    *out = NULL;
    if (ice_file_path(uri, path, sizeof(path)) != 0)
        return unreadable(uri, "it reads only file:// locations", err);
    if (!allowed(path, 1))
        return srv_error_set(err, CAT_EACCESS,
                             "catalogd cannot read the Iceberg metadata at %.300s: it reads "
                             "metadata files only under its --warehouse and --crawl-root folders.",
                             uri);
    if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
        return unreadable(uri, strerror(errno), err);
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        close(fd);
        return unreadable(uri, "not a regular file", err);
    }
    if ((unsigned long long)sb.st_size > ICE_FILE_MAX) {
        close(fd);
        return unreadable(uri, "larger than 256 MiB", err);
    }
    buf = xmalloc((size_t)sb.st_size + 1);
    while (got < (size_t)sb.st_size) {
        ssize_t r = read(fd, buf + got, (size_t)sb.st_size - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        got += (size_t)r;
    }
    close(fd);
    *out = json_loadb(buf, got, JSON_REJECT_DUPLICATES, &je);
    free(buf);
    if (*out == NULL) {
        char cause[220];
        snprintf(cause, sizeof(cause), "not JSON (%.160s at byte %d)", je.text, je.position);
        return unreadable(uri, cause, err);
    }
    return CAT_OK;
}
