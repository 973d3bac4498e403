/* The floor under chorus-doctor's start-up: a C program that only loads the shared libraries the tool links (libcurl
   and its TLS, HTTP/2, IDN... dependencies, libedit). bench/run.sh times it beside --help. */
#include <curl/curl.h>
#include <stdio.h>
int main(void){ printf("%s\n", curl_version()); return 0; }
