package table

// Decimals in SQLite. SQLite has no exact numeric type, so decimals are
// stored as their text (12.5), which keeps every digit but compares as
// text: '12.5' < '9'. PostgreSQL's numeric and MariaDB's DECIMAL compare
// numbers. So that a condition or an order selects the same rows in every
// dialect, the queries of this package compare SQLite decimal columns
// with the collation decimalCollation, which orders texts as exact
// decimal numbers, with any number of digits:
//
//	WHERE amount <= ?     becomes   WHERE ("amount" COLLATE ayeaye_decimal) <= ?
//	ORDER BY amount       becomes   ORDER BY "amount" COLLATE ayeaye_decimal
//
// SQLite gives the other operand of a comparison with a TEXT column the
// column's text affinity, so a literal (9, -0.001), an integer, a string
// or a value.Decimal argument is compared as the number it writes. A
// float64 argument is written by SQLite with 15 significant digits first;
// pass decimals as value.Decimal. Arithmetic and functions of a decimal
// column (amount * 2) are computed by SQLite in 64-bit floating point,
// as for any text it converts to a number: compare the column itself.
//
// The collation is registered by runtime/table/sqlite on a SQLite driver
// of its own, never in the database file: other tools read the file as
// it always was.
const decimalCollation = DecimalCollation

// DecimalCollation is the name of the SQLite collation that orders
// decimal texts as numbers, which this package's queries use and
// runtime/table/sqlite registers.
const DecimalCollation = "ayeaye_decimal"
