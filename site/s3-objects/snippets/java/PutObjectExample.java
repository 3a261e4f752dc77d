// Store an object
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

public class PutObjectExample {
    public static void main(String[] args) {
        try (S3Client client = S3Client.builder()
                .region(Region.US_WEST_2)
                .build()) {
            // Replace with the name of your bucket.
            String bucket = "amzn-s3-demo-bucket";

            client.putObject(PutObjectRequest.builder()
                    .bucket(bucket)
                    .key("notes/hello.txt")
                    .contentType("text/plain")
                    .build(), RequestBody.fromString("Hello from polysnip"));
        }
    }
}
