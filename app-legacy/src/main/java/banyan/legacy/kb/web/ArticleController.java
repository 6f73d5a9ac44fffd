package banyan.legacy.kb.web;

import java.time.Clock;
import java.util.Arrays;
import java.util.Objects;

import banyan.contracts.problem.ProblemTypes;
import banyan.legacy.kb.Article;
import banyan.legacy.kb.ArticleNotFound;
import banyan.legacy.kb.Articles;
import jakarta.validation.Valid;
import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.web.PagedModel;
import org.springframework.data.web.SortDefault;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The knowledge-base articles as a REST resource. Every article response carries its
 * version as an {@code ETag}; a write with an {@code If-Match} that names an older
 * version is refused with 412, and so is a write that loses a race with a concurrent one.
 */
@RestController
@RequestMapping("/api/articles")
class ArticleController {

	private final Articles articles;

	private final Clock clock;

	ArticleController(Articles articles, Clock clock) {
		this.articles = articles;
		this.clock = clock;
	}

	@GetMapping
	PagedModel<ArticleResource> list(
			@SortDefault(sort = "updatedAt", direction = Sort.Direction.DESC) Pageable pageable) {
		return new PagedModel<>(this.articles.findAll(pageable).map(ArticleResource::of));
	}

	@GetMapping("/{id}")
	ResponseEntity<ArticleResource> get(@PathVariable long id) {
		return withETag(ResponseEntity.ok(), find(id));
	}

	@PostMapping
	ResponseEntity<ArticleResource> create(@Valid @RequestBody ArticleRequest request) {
		Article article = this.articles.save(Article.write(request.title(), request.body(), this.clock.instant()));
		var location = ServletUriComponentsBuilder.fromCurrentRequest().path("/{id}").buildAndExpand(article.id());
		return withETag(ResponseEntity.created(location.toUri()), article);
	}

	@PutMapping("/{id}")
	ResponseEntity<ArticleResource> revise(@PathVariable long id, @Valid @RequestBody ArticleRequest request,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch) {
		Article article = find(id);
		requireMatch(ifMatch, article);
		article.revise(request.title(), request.body(), this.clock.instant());
		return withETag(ResponseEntity.ok(), this.articles.save(article));
	}

	@DeleteMapping("/{id}")
	ResponseEntity<Void> delete(@PathVariable long id,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch) {
		Article article = find(id);
		requireMatch(ifMatch, article);
		this.articles.delete(article);
		return ResponseEntity.noContent().build();
	}

	private Article find(long id) {
		return this.articles.findById(id).orElseThrow(() -> new ArticleNotFound(id));
	}

	private static ResponseEntity<ArticleResource> withETag(ResponseEntity.BodyBuilder response, Article article) {
		return response.eTag(eTag(article)).body(ArticleResource.of(article));
	}

	private static String eTag(Article article) {
		return "\"" + article.version() + "\"";
	}

	private static void requireMatch(@Nullable String ifMatch, Article article) {
		if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
			return;
		}
		String current = eTag(article);
		boolean matches = Arrays.stream(ifMatch.split(","))
			.map(String::trim)
			.map((tag) -> tag.startsWith("W/") ? tag.substring(2) : tag)
			.anyMatch((tag) -> Objects.equals(tag, current));
		if (!matches) {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.PRECONDITION_FAILED,
					"Article " + article.id() + " is at version " + article.version() + "; the write was based on "
							+ ifMatch.trim() + ". Fetch it again and reapply the change.");
			problem.setType(ProblemTypes.STALE_VERSION);
			problem.setTitle("Stale version");
			throw new ErrorResponseException(HttpStatus.PRECONDITION_FAILED, problem, null);
		}
	}

}
