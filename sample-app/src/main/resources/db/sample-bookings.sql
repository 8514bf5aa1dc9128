-- The sample's bookings with the jdbc profile. Deliberately no unique constraint on (show_name, seat): the lock is
-- what keeps two requests from booking a seat twice. (A real application would add the constraint too.)
CREATE TABLE IF NOT EXISTS sample_bookings (
	show_name VARCHAR(200) NOT NULL,
	seat VARCHAR(50) NOT NULL,
	customer VARCHAR(200) NOT NULL
);
CREATE INDEX IF NOT EXISTS sample_bookings_show ON sample_bookings (show_name, seat);
