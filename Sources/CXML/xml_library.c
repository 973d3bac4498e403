#include "xml_library.h"

#include <pthread.h>

/* libxml2's reader functions, declared here as libxml/xmlreader.h has them since 2.6 (their ABI has not changed), so
   that building needs no libxml2 headers: the library is only ever opened by name. The reader is an opaque pointer,
   strings are xmlChar (unsigned char) UTF-8. */
typedef void *(*xml_reader_for_memory)(const char *buffer, int size, const char *url, const char *encoding, int options);
typedef int (*xml_reader_int)(void *reader);
typedef const unsigned char *(*xml_reader_string)(void *reader);
typedef void (*xml_reader_free)(void *reader);
typedef void (*xml_init_parser)(void);

struct xml_functions {
    xml_init_parser init_parser;
    xml_reader_for_memory reader_for_memory;
    xml_reader_int read;
    xml_reader_int node_type;
    xml_reader_int is_empty_element;
    xml_reader_string local_name;
    xml_reader_string namespace_uri;
    xml_reader_string value;
    xml_reader_int next_attribute;
    xml_reader_int is_namespace_declaration;
    xml_reader_int move_to_element;
    xml_reader_free free_reader;
};

#define XML_SYMBOLS(f)                                                                                              \
    {                                                                                                               \
        {"xmlInitParser", (void **)&(f)->init_parser}, {"xmlReaderForMemory", (void **)&(f)->reader_for_memory},   \
            {"xmlTextReaderRead", (void **)&(f)->read}, {"xmlTextReaderNodeType", (void **)&(f)->node_type},       \
            {"xmlTextReaderIsEmptyElement", (void **)&(f)->is_empty_element},                                       \
            {"xmlTextReaderConstLocalName", (void **)&(f)->local_name},                                             \
            {"xmlTextReaderConstNamespaceUri", (void **)&(f)->namespace_uri},                                       \
            {"xmlTextReaderConstValue", (void **)&(f)->value},                                                      \
            {"xmlTextReaderMoveToNextAttribute", (void **)&(f)->next_attribute},                                    \
            {"xmlTextReaderIsNamespaceDecl", (void **)&(f)->is_namespace_declaration},                              \
            {"xmlTextReaderMoveToElement", (void **)&(f)->move_to_element},                                         \
            {"xmlFreeTextReader", (void **)&(f)->free_reader},                                                      \
    }

/* libxml2's xmlParserOption values (parser.h). Not set, on purpose: XML_PARSE_NOENT (substitute entities),
   XML_PARSE_DTDLOAD (load an external DTD), XML_PARSE_HUGE (lift the parser's size and depth limits). */
enum {
    XML_PARSE_NOERROR = 1 << 5,
    XML_PARSE_NOWARNING = 1 << 6,
    XML_PARSE_NONET = 1 << 11,
};

static const char *const candidates[] = {
#if defined(__APPLE__)
    "libxml2.2.dylib",
    "libxml2.dylib",
#else
    "libxml2.so.2",
    "libxml2.so",
#endif
};

static struct xml_functions xml;
static chorus_library_failure load_failure;
static int loaded;
static pthread_once_t load_once = PTHREAD_ONCE_INIT;

static void load(void) {
    struct xml_functions found = {0};
    chorus_library_symbol symbols[] = XML_SYMBOLS(&found);
    if (chorus_library_open(
            candidates, sizeof candidates / sizeof *candidates, symbols, sizeof symbols / sizeof *symbols,
            &load_failure)
        != NULL) {
        /* Once, before any reader: libxml2's global state is set up here rather than racily by two first readers. */
        found.init_parser();
        xml = found;
        loaded = 1;
    }
}

const chorus_library_failure *chorus_xml_load(void) {
    pthread_once(&load_once, load);
    return loaded ? NULL : &load_failure;
}

int chorus_xml_try(const char *const *names, size_t name_count, chorus_library_failure *failure) {
    struct xml_functions found = {0};
    chorus_library_symbol symbols[] = XML_SYMBOLS(&found);
    return chorus_library_check(names, name_count, symbols, sizeof symbols / sizeof *symbols, failure);
}

const char *const *chorus_xml_candidates(size_t *count) {
    *count = sizeof candidates / sizeof *candidates;
    return candidates;
}

chorus_xml_reader *chorus_xml_open(const char *bytes, int size) {
    if (chorus_xml_load() != NULL || bytes == NULL || size < 0) return NULL;
    return xml.reader_for_memory(bytes, size, NULL, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
}

int chorus_xml_read(chorus_xml_reader *reader) { return xml.read(reader); }
int chorus_xml_node_type(chorus_xml_reader *reader) { return xml.node_type(reader); }
int chorus_xml_is_empty_element(chorus_xml_reader *reader) { return xml.is_empty_element(reader); }
const char *chorus_xml_local_name(chorus_xml_reader *reader) { return (const char *)xml.local_name(reader); }
const char *chorus_xml_namespace_uri(chorus_xml_reader *reader) { return (const char *)xml.namespace_uri(reader); }
const char *chorus_xml_value(chorus_xml_reader *reader) { return (const char *)xml.value(reader); }
int chorus_xml_next_attribute(chorus_xml_reader *reader) { return xml.next_attribute(reader); }
int chorus_xml_is_namespace_declaration(chorus_xml_reader *reader) { return xml.is_namespace_declaration(reader); }
int chorus_xml_move_to_element(chorus_xml_reader *reader) { return xml.move_to_element(reader); }
void chorus_xml_close(chorus_xml_reader *reader) {
    if (reader != NULL) xml.free_reader(reader);
}
