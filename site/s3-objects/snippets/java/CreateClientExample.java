// Create a client
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

public class CreateClientExample {
    public static void main(String[] args) {
        S3Client client = S3Client.builder()
                .region(Region.US_WEST_2)
                .build();
        client.close();
    }
}
