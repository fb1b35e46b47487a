CREATE TABLE "s"."every_kind" (
  "id" INTEGER NOT NULL,
  "code" TEXT NOT NULL,
  "label" TEXT,
  "status" TEXT NOT NULL CHECK ("status" IN ('new', 'it''s done', 'back\slash')),
  "level" TEXT CHECK ("level" IN ('low', 'high')),
  "i8" INTEGER NOT NULL,
  "i16" INTEGER NOT NULL,
  "i32" INTEGER,
  "f32" REAL NOT NULL,
  "f64" REAL,
  "ok" INTEGER NOT NULL CHECK ("ok" IN (0, 1)),
  "at" TEXT NOT NULL,
  "day" TEXT,
  "amount" TEXT NOT NULL,
  "tags" TEXT NOT NULL,
  "odd ""name""" TEXT,
  PRIMARY KEY ("id", "code")
) STRICT;
