package dev.distlock.sample.booking;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Profile;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Repository;

/**
 * Bookings in a Redis hash per show, shared by every instance of the application: with the {@code redis} profile,
 * instances share both the locks and the bookings.
 */
@Repository
@Profile("redis")
class RedisSeatRepository implements SeatRepository {

	private final StringRedisTemplate redis;

	private final String prefix;

	RedisSeatRepository(StringRedisTemplate redis, @Value("${sample.bookings.key-prefix:sample:bookings}") String prefix) {
		this.redis = redis;
		this.prefix = prefix;
	}

	@Override
	public Optional<Booking> find(String show, String seat) {
		Object customer = this.redis.opsForHash().get(key(show), seat);
		return Optional.ofNullable(customer).map((value) -> new Booking(show, seat, value.toString()));
	}

	@Override
	public void save(Booking booking) {
		this.redis.opsForHash().put(key(booking.show()), booking.seat(), booking.customer());
	}

	@Override
	public List<Booking> findAll(String show) {
		Map<Object, Object> seats = this.redis.opsForHash().entries(key(show));
		return seats.entrySet()
			.stream()
			.map((entry) -> new Booking(show, entry.getKey().toString(), entry.getValue().toString()))
			.sorted(Comparator.comparing(Booking::seat))
			.toList();
	}

	private String key(String show) {
		return this.prefix + ":" + show;
	}

}
