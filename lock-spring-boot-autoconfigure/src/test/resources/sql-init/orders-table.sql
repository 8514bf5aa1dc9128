-- An application's own table, so that the database is not empty.
CREATE TABLE orders (id INT PRIMARY KEY);
