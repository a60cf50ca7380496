package io.streamflow.ingest.contract;

/** Every kind of check the quality gate knows, with the id used in reports and the run log. */
public enum Rule {
    // file level
    FILE_PRESENT("file_present"),
    FILE_NAME("file_name"),
    REGULAR_FILE("regular_file"),
    STAGED_ROWS("staged_rows"),
    NOT_EMPTY("not_empty"),
    CSV_SYNTAX("csv_syntax"),
    ENCODING("encoding"),
    LINE_LENGTH("line_length"),
    STAGE_FAILED("stage_failed"),
    // header level
    COLUMN_MISSING("column_missing"),
    COLUMN_UNKNOWN("column_unknown"),
    COLUMN_DUPLICATED("column_duplicated"),
    // row level
    FIELD_COUNT("field_count"),
    NOT_NULL("not_null"),
    PRINTABLE("printable"),
    MAX_LENGTH("max_length"),
    TYPE("type"),
    IN_SET("in_set"),
    MIN("min"),
    MAX("max"),
    // table level
    UNIQUE("unique"),
    REFERENCES_USERS("references_users"),
    COVERAGE("coverage"),
    // month level
    ROW_COUNT_CHANGE("row_count_change"),
    USERS_DROPPED("users_dropped"),
    ALREADY_PUBLISHED("already_published"),
    RUN_FAILED("run_failed");

    private final String id;

    Rule(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Rule ofId(String id) {
        for (Rule rule : values()) {
            if (rule.id.equals(id)) {
                return rule;
            }
        }
        throw new IllegalArgumentException("unknown rule " + id);
    }
}
