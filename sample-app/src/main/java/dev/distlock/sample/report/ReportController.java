package dev.distlock.sample.report;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /shows/{show}/report} starts the report; {@code GET} tells how far it got. */
@RestController
class ReportController {

	private final ReportJob job;

	ReportController(ReportJob job) {
		this.job = job;
	}

	@PostMapping("/shows/{show}/report")
	@ResponseStatus(HttpStatus.ACCEPTED)
	ReportStatus start(@PathVariable String show) {
		return this.job.start(show);
	}

	@GetMapping("/shows/{show}/report")
	ReportStatus status(@PathVariable String show) {
		return this.job.status(show);
	}

}
