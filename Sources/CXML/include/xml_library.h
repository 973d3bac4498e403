#ifndef CHORUS_XML_LIBRARY_H
#define CHORUS_XML_LIBRARY_H

/* libxml2's pull reader (xmlTextReader), opened at first use (xml_library.c), never linked: only reading an invoice
   loads it, and the executable does not need libxml2, nor the ICU libraries libxml2 brings, to start. Foundation's
   XMLParser would link it into every run. */

#include "chorus_dynamic_library.h"

/* Opens libxml2 once for the process (thread-safe): NULL when every function below is usable, otherwise why not (the
   same answer on every call). */
const chorus_library_failure *chorus_xml_load(void);

/* Opens libxml2 from `candidates` into a table of its own, checks that every function is there, and closes it: 0, or
   -1 with `failure` filled. Leaves the process's libxml2 (`chorus_xml_load`) as it is. */
int chorus_xml_try(const char *const *candidates, size_t candidate_count, chorus_library_failure *failure);

/* The names `chorus_xml_load` tries, in order, and how many. */
const char *const *chorus_xml_candidates(size_t *count);

/* What the reader is on (libxml2's xmlReaderTypes). */
enum {
    CHORUS_XML_ELEMENT = 1,
    CHORUS_XML_TEXT = 3,
    CHORUS_XML_CDATA = 4,
    CHORUS_XML_WHITESPACE = 13,
    CHORUS_XML_SIGNIFICANT_WHITESPACE = 14,
    CHORUS_XML_END_ELEMENT = 15,
};

typedef struct chorus_xml_reader chorus_xml_reader;

/* A reader over `size` bytes at `bytes`, which must outlive it. Never touches the network, never loads an external
   DTD or entity, never substitutes entities, reports nothing on stderr. NULL when libxml2 is not loaded or the
   reader cannot be made. */
chorus_xml_reader *chorus_xml_open(const char *bytes, int size);

/* Moves to the next node: 1, 0 at the end of the document, -1 when the document is not well-formed. */
int chorus_xml_read(chorus_xml_reader *reader);
int chorus_xml_node_type(chorus_xml_reader *reader);
/* 1 for an element written `<a/>`, which has no end-element node. */
int chorus_xml_is_empty_element(chorus_xml_reader *reader);
/* The current node's local name, namespace URI and text (UTF-8, owned by the reader; NULL when it has none). */
const char *chorus_xml_local_name(chorus_xml_reader *reader);
const char *chorus_xml_namespace_uri(chorus_xml_reader *reader);
const char *chorus_xml_value(chorus_xml_reader *reader);
/* From an element, to its next attribute (1), none left (0), or -1; `chorus_xml_move_to_element` goes back. */
int chorus_xml_next_attribute(chorus_xml_reader *reader);
/* 1 when the attribute the reader is on declares a namespace (`xmlns`, `xmlns:ram`). */
int chorus_xml_is_namespace_declaration(chorus_xml_reader *reader);
int chorus_xml_move_to_element(chorus_xml_reader *reader);
void chorus_xml_close(chorus_xml_reader *reader);

#endif
