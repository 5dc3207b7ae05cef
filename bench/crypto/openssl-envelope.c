/*
 * The work of sealBiometric/openBiometric done directly on libcrypto, for bench/crypto/run.ts.
 * `openssl speed rsa2048` times raw RSA with PKCS#1 v1.5 padding and one context reused for every
 * operation; this program times what the envelope does (RSA-OAEP with SHA-256, AES-256-GCM of a record)
 * both ways: with contexts reused ("reuse", the openssl speed way) and with a fresh context, digest
 * and cipher lookup per operation ("fresh", what node:crypto does on each call). Rates are per second
 * of CPU time. Output: one "name rate" line per measurement.
 *
 * Build: cc -O2 -o openssl-envelope openssl-envelope.c -lcrypto
 * Run:   ./openssl-envelope SECONDS RECORD_BYTES
 */
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static EVP_PKEY *key;
static unsigned char session_key[32], iv[12], aad[16], wrapped[256], out[256];
static unsigned char *record, *sealed;
static size_t record_bytes;

static double cpu_seconds(void) {
  struct timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void fail(const char *what) {
  fprintf(stderr, "openssl-envelope: %s failed\n", what);
  exit(1);
}

static EVP_PKEY_CTX *oaep_ctx(int encrypt) {
  EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new(key, NULL);
  if (!ctx || (encrypt ? EVP_PKEY_encrypt_init(ctx) : EVP_PKEY_decrypt_init(ctx)) <= 0 ||
      EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_OAEP_PADDING) <= 0 ||
      EVP_PKEY_CTX_set_rsa_oaep_md(ctx, EVP_get_digestbyname("sha256")) <= 0)
    fail("OAEP context");
  return ctx;
}

static EVP_PKEY_CTX *enc_ctx, *dec_ctx;

static void oaep_encrypt(EVP_PKEY_CTX *ctx) {
  size_t n = sizeof wrapped;
  if (EVP_PKEY_encrypt(ctx, wrapped, &n, session_key, sizeof session_key) <= 0) fail("encrypt");
}

static void oaep_decrypt(EVP_PKEY_CTX *ctx) {
  size_t n = sizeof out;
  if (EVP_PKEY_decrypt(ctx, out, &n, wrapped, sizeof wrapped) <= 0 || n != 32) fail("decrypt");
}

static void encrypt_reuse(void) { oaep_encrypt(enc_ctx); }
static void decrypt_reuse(void) { oaep_decrypt(dec_ctx); }

static void encrypt_fresh(void) {
  EVP_PKEY_CTX *ctx = oaep_ctx(1);
  oaep_encrypt(ctx);
  EVP_PKEY_CTX_free(ctx);
}

static void decrypt_fresh(void) {
  EVP_PKEY_CTX *ctx = oaep_ctx(0);
  oaep_decrypt(ctx);
  EVP_PKEY_CTX_free(ctx);
}

/* AES-256-GCM of the record, tag appended (encrypt) or checked (decrypt), with a fresh context and
 * cipher lookup per call, as node:crypto's createCipheriv/createDecipheriv do. */
static void gcm(int encrypt) {
  EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
  unsigned char *in = encrypt ? record : sealed, *result = encrypt ? sealed : record;
  int n, m;
  if (!ctx || EVP_CipherInit_ex(ctx, EVP_get_cipherbyname("aes-256-gcm"), NULL, NULL, NULL, encrypt) <= 0 ||
      EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN, 12, NULL) <= 0 ||
      EVP_CipherInit_ex(ctx, NULL, NULL, session_key, iv, encrypt) <= 0 ||
      EVP_CipherUpdate(ctx, NULL, &n, aad, sizeof aad) <= 0 ||
      EVP_CipherUpdate(ctx, result, &n, in, (int)record_bytes) <= 0 ||
      (!encrypt && EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, 16, sealed + record_bytes) <= 0) ||
      EVP_CipherFinal_ex(ctx, result + n, &m) <= 0 ||
      (encrypt && EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, 16, sealed + record_bytes) <= 0))
    fail(encrypt ? "AES-GCM seal" : "AES-GCM open");
  EVP_CIPHER_CTX_free(ctx);
}

static void gcm_seal(void) { gcm(1); }

static void seal_fresh(void) {
  gcm_seal();
  encrypt_fresh();
}

static void open_fresh(void) {
  decrypt_fresh();
  gcm(0);
}

static void measure(const char *name, void (*op)(void), double seconds) {
  long count = 0;
  double start = cpu_seconds(), used;
  do {
    for (int i = 0; i < 8; i++) op();
    count += 8;
    used = cpu_seconds() - start;
  } while (used < seconds);
  printf("%s %.1f\n", name, (double)count / used);
}

int main(int argc, char **argv) {
  double seconds = argc > 1 ? atof(argv[1]) : 2;
  record_bytes = argc > 2 ? (size_t)atol(argv[2]) : 8192;
  record = calloc(record_bytes + 1, 1);
  sealed = calloc(record_bytes + 16, 1);
  key = EVP_RSA_gen(2048);
  if (!record || !sealed || !key) fail("setup");
  enc_ctx = oaep_ctx(1);
  dec_ctx = oaep_ctx(0);
  encrypt_reuse();
  measure("oaep-encrypt-reuse", encrypt_reuse, seconds);
  measure("oaep-encrypt-fresh", encrypt_fresh, seconds);
  measure("gcm-seal-fresh", gcm_seal, seconds);
  measure("seal-fresh", seal_fresh, seconds);
  measure("oaep-decrypt-reuse", decrypt_reuse, seconds);
  measure("oaep-decrypt-fresh", decrypt_fresh, seconds);
  measure("open-fresh", open_fresh, seconds);
  return 0;
}
