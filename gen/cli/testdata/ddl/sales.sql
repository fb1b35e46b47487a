-- SQLite
CREATE TABLE "sales" (
  "id" INTEGER NOT NULL,
  "region" TEXT NOT NULL CHECK ("region" IN ('north', 'south')),
  "amount" TEXT NOT NULL,
  "note" TEXT,
  PRIMARY KEY ("id")
) STRICT;

-- PostgreSQL
CREATE TABLE "sales" (
  "id" bigint NOT NULL,
  "region" text NOT NULL CHECK ("region" IN ('north', 'south')),
  "amount" numeric NOT NULL,
  "note" text,
  PRIMARY KEY ("id")
);

-- MariaDB/MySQL
CREATE TABLE `sales` (
  `id` BIGINT NOT NULL,
  `region` VARCHAR(5) NOT NULL CHECK (`region` IN ('north', 'south')),
  `amount` DECIMAL(65,30) NOT NULL,
  `note` LONGTEXT,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
