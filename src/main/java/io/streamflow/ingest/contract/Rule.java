package io.streamflow.ingest.contract;

/** Every kind of check the quality gate knows, with the id used in reports and the run log. */
public enum Rule {
    // file level
    FILE_PRESENT("file_present"),
    FILE_NAME("file_name"),
    STAGED_ROWS("staged_rows"),
    NOT_EMPTY("not_empty"),
    CSV_SYNTAX("csv_syntax"),
    // header level
    COLUMN_MISSING("column_missing"),
    COLUMN_UNKNOWN("column_unknown"),
    COLUMN_DUPLICATED("column_duplicated"),
    // row level
    FIELD_COUNT("field_count"),
    NOT_NULL("not_null"),
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
    ALREADY_PUBLISHED("already_published");

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
